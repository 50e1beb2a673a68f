using DynaLay.Data;

namespace DynaLay.Tests.Core.Data;

public class FashionMnistTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsPixelsAndLabelsExactly(bool gzip)
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 12, test: 5, gzip);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path, ValidationFraction = 0 });

        Assert.Equal(Modality.Image, data.Modality);
        Assert.Equal(10, data.NumClasses);
        Assert.Equal([1L, 28, 28], data.SampleShape);
        Assert.Equal(0, data.VocabSize);
        Assert.Equal((12, 0, 5), (data.Train.Count, data.Validation.Count, data.Test.Count));
        Assert.Equal(Enumerable.Range(0, 12).Select(n => (long)(n % 10)), data.Train.Labels);
        Assert.Equal(Enumerable.Range(0, 5).Select(n => (long)(n % 10)), data.Test.Labels);
        Assert.Null(data.Train.Difficulty);
        // The IDX files carry only numbers; the names are the dataset's documented ones.
        Assert.Equal(("T-shirt/top", "Ankle boot"), (data.ClassNames[0], data.ClassNames[9]));
        Assert.Contains("documentation", data.ClassNameSource);

        var raw = data.Test.RawSamples.data<byte>().ToArray();
        Assert.Equal(5 * 784, raw.Length);
        for (var n = 0; n < 5; n++)
        {
            for (var p = 0; p < 784; p++)
            {
                Assert.Equal(DataFiles.Pixel(n, p), raw[n * 784 + p]);
            }
        }
    }

    [Fact]
    public void BatchesAreNormalisedWithTheFashionMnistConstants()
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 4, test: 3, gzip: false);
        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path, ValidationFraction = 0 });

        using var batch = data.Test.Take([2, 0]);

        Assert.Equal([2L, 1, 28, 28], batch.Inputs.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, batch.Inputs.dtype);
        Assert.Equal([2L, 0], batch.Labels.data<long>().ToArray());
        var values = batch.Inputs.data<float>().ToArray();
        foreach (var (n, row) in new[] { (2, 0), (0, 1) })
        {
            for (var p = 0; p < 784; p += 97)
            {
                var expected = (DataFiles.Pixel(n, p) / 255f - 0.2860f) / 0.3530f;
                Assert.Equal(expected, values[row * 784 + p], 4);
            }
        }
    }

    [Fact]
    public void CarvesASeededValidationSplitFromTraining()
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 20, test: 2, gzip: true);
        var options = new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path, ValidationFraction = 0.25, Seed = 3 };

        using var a = DatasetCatalog.Load(options);
        using var b = DatasetCatalog.Load(options);
        using var c = DatasetCatalog.Load(options with { Seed = 4 });

        Assert.Equal((15, 5), (a.Train.Count, a.Validation.Count));
        Assert.Equal(a.Validation.RawSamples.data<byte>().ToArray(), b.Validation.RawSamples.data<byte>().ToArray());
        Assert.NotEqual(a.Validation.RawSamples.data<byte>().ToArray(), c.Validation.RawSamples.data<byte>().ToArray());

        // Train and validation together are the original 20 images: first pixels are 31n mod 256, distinct.
        var firstPixels = a.Train.RawSamples[.., 0, 0, 0].data<byte>().ToArray()
            .Concat(a.Validation.RawSamples[.., 0, 0, 0].data<byte>().ToArray())
            .Order();
        Assert.Equal(Enumerable.Range(0, 20).Select(n => DataFiles.Pixel(n, 0)).Order(), firstPixels);
    }

    [Fact]
    public void LimitTakesASubsetOfEachSourceSplit()
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 20, test: 9, gzip: false);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path, Limit = 10, ValidationFraction = 0.2 });

        Assert.Equal((8, 2, 9), (data.Train.Count, data.Validation.Count, data.Test.Count));
    }

    [Fact]
    public void MissingDirectoryListsTheExpectedFilesAndWhereToGetThem()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dynalay-dir-" + Guid.NewGuid().ToString("N"));

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = missing }));

        Assert.Contains(missing, e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 3, test: 3, gzip: false);
        File.Delete(Path.Combine(dir.Path, "t10k-labels-idx1-ubyte"));

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path }));

        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void BadMagicNumberIsReported()
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 3, test: 3, gzip: false);
        var path = Path.Combine(dir.Path, "train-images-idx3-ubyte");
        // A label file where the images belong.
        File.WriteAllBytes(path, DataFiles.Idx(0x801, [3], [1, 2, 3]));

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path }));

        Assert.Contains(path, e.Message);
        Assert.Contains("magic number 0x00000801", e.Message);
        Assert.Contains("0x00000803", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedImageFileIsReportedWithTheRecordSize(bool gzip)
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 3, test: 3, gzip: false);
        File.Delete(Path.Combine(dir.Path, "train-images-idx3-ubyte"));
        var path = Path.Combine(dir.Path, "train-images-idx3-ubyte" + (gzip ? ".gz" : string.Empty));
        DataFiles.Write(path, DataFiles.Idx(0x803, [3, 28, 28], new byte[3 * 784 - 100]), gzip);

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path }));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("784 bytes", e.Message);
    }

    [Fact]
    public void CutGzipStreamIsReported()
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 50, test: 3, gzip: true);
        var path = Path.Combine(dir.Path, "train-images-idx3-ubyte.gz");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path }));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void LabelOutOfRangeIsReported()
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 3, test: 3, gzip: false);
        var path = Path.Combine(dir.Path, "t10k-labels-idx1-ubyte");
        File.WriteAllBytes(path, DataFiles.Idx(0x801, [3], [1, 12, 3]));

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path }));

        Assert.Contains(path, e.Message);
        Assert.Contains("label 12 of record 1", e.Message);
        Assert.Contains("out of range", e.Message);
    }

    [Fact]
    public void LabelCountMustMatchImageCount()
    {
        using var dir = new TempDirectory();
        DataFiles.FashionMnist(dir.Path, train: 3, test: 3, gzip: false);
        File.WriteAllBytes(Path.Combine(dir.Path, "train-labels-idx1-ubyte"), DataFiles.Idx(0x801, [2], [1, 2]));

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "fashion-mnist", DataDir = dir.Path }));

        Assert.Contains("2 labels", e.Message);
        Assert.Contains("3 images", e.Message);
    }
}
