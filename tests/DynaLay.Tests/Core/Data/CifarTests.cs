using DynaLay.Data;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Data;

public class CifarTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cifar10ReadsLabelsAndPixelsExactly(bool nested)
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar10(nested ? Path.Combine(dir.Path, "cifar-10-batches-bin") : dir.Path, perBatch: 2, test: 3);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "cifar10", DataDir = dir.Path, ValidationFraction = 0 });

        Assert.Equal(10, data.NumClasses);
        Assert.Equal("airplane", data.ClassNames[0]);
        Assert.Equal([3L, 32, 32], data.SampleShape);
        Assert.Equal((10, 3), (data.Train.Count, data.Test.Count));
        // Batch b holds labels (n + b) % 10 for n = 0, 1.
        Assert.Equal([1L, 2, 2, 3, 3, 4, 4, 5, 5, 6], data.Train.Labels);
        Assert.Equal([0L, 1, 2], data.Test.Labels);
        var raw = data.Test.RawSamples.data<byte>().ToArray();
        for (var n = 0; n < 3; n++)
        {
            for (var p = 0; p < 3072; p++)
            {
                Assert.Equal(DataFiles.Pixel(n, p), raw[n * 3072 + p]);
            }
        }

        // Records of a later batch file follow those of the earlier ones: record 0 of data_batch_2 is train sample 2.
        Assert.Equal(DataFiles.Pixel(0, 5), data.Train.RawSamples.data<byte>()[2 * 3072 + 5]);
    }

    [Fact]
    public void Cifar10InputsUseTheStandardChannelStatistics()
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar10(dir.Path, perBatch: 1, test: 2);
        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "cifar10", DataDir = dir.Path, ValidationFraction = 0 });

        using var batch = data.Test.Take([1]);

        var mean = new[] { 0.4914f, 0.4822f, 0.4465f };
        var std = new[] { 0.2470f, 0.2435f, 0.2616f };
        var values = batch.Inputs.data<float>().ToArray();
        foreach (var p in new[] { 0, 1023, 1024, 2500, 3071 })
        {
            var c = p / 1024;
            Assert.Equal((DataFiles.Pixel(1, p) / 255f - mean[c]) / std[c], values[p], 4);
        }
    }

    [Theory]
    [InlineData(false, new long[] { 0, 7, 14, 21, 28 }, 100)]
    [InlineData(true, new long[] { 0, 1, 2, 3, 4 }, 20)]
    public void Cifar100ReadsFineOrCoarseLabels(bool coarse, long[] expectedTrainLabels, int classes)
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar100(Path.Combine(dir.Path, "cifar-100-binary"), train: 5, test: 2);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "cifar100", DataDir = dir.Path, ValidationFraction = 0, CoarseLabels = coarse });

        Assert.Equal(classes, data.NumClasses);
        Assert.Equal(expectedTrainLabels, data.Train.Labels);
        var raw = data.Train.RawSamples.data<byte>().ToArray();
        Assert.Equal(DataFiles.Pixel(4, 3071), raw[4 * 3072 + 3071]);
        Assert.Equal(DataFiles.Pixel(0, 0), raw[0]);
    }

    private static readonly string[] MetaNames = [.. Enumerable.Range(0, 10).Select(i => $"meta-name-{i}")];

    [Fact]
    public void Cifar10TakesClassNamesFromBatchesMeta()
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar10(dir.Path, perBatch: 1, test: 1, names: MetaNames);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "cifar10", DataDir = dir.Path });

        Assert.Equal(MetaNames, data.ClassNames);
        Assert.Equal("from batches.meta.txt", data.ClassNameSource);
        Assert.Empty(data.Warnings);
    }

    [Fact]
    public void Cifar10WithoutBatchesMetaHasTheStandardNames()
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar10(dir.Path, perBatch: 1, test: 1);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "cifar10", DataDir = dir.Path });

        Assert.Equal("airplane", data.ClassNames[0]);
        Assert.Equal("truck", data.ClassNames[9]);
        Assert.Contains("no batches.meta.txt", data.ClassNameSource);
    }

    [Fact]
    public void ABatchesMetaWithTheWrongNumberOfNamesIsReportedAndNotUsed()
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar10(dir.Path, perBatch: 1, test: 1, names: MetaNames[..9]);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "cifar10", DataDir = dir.Path });

        Assert.Equal("airplane", data.ClassNames[0]);
        Assert.Contains("batches.meta.txt unusable", data.ClassNameSource);
        var warning = Assert.Single(data.Warnings);
        Assert.Contains(Path.Combine(dir.Path, "batches.meta.txt"), warning);
        Assert.Contains("names 9 classes, not 10", warning);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cifar100TakesFineOrCoarseNamesFromTheArchive(bool coarse)
    {
        using var dir = new TempDirectory();
        string[] fine = [.. Enumerable.Range(0, 100).Select(i => $"fine-{i}")];
        string[] superclasses = [.. Enumerable.Range(0, 20).Select(i => $"coarse-{i}")];
        DataFiles.Cifar100(Path.Combine(dir.Path, "cifar-100-binary"), train: 2, test: 1, fine, superclasses);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "cifar100", DataDir = dir.Path, CoarseLabels = coarse });

        Assert.Equal(coarse ? superclasses : fine, data.ClassNames);
        Assert.Equal(coarse ? "from coarse_label_names.txt" : "from fine_label_names.txt", data.ClassNameSource);
    }

    [Fact]
    public void Cifar100WithoutNameFilesNumbersItsClasses()
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar100(dir.Path, train: 2, test: 1);

        using var fine = DatasetCatalog.Load(new DatasetOptions { Name = "cifar100", DataDir = dir.Path });
        using var coarse = DatasetCatalog.Load(new DatasetOptions { Name = "cifar100", DataDir = dir.Path, CoarseLabels = true });

        Assert.Equal("class_99", fine.ClassNames[99]);
        Assert.Equal("numbered: no fine_label_names.txt", fine.ClassNameSource);
        Assert.Equal("superclass_19", coarse.ClassNames[19]);
        Assert.Equal("numbered: no coarse_label_names.txt", coarse.ClassNameSource);
    }

    [Fact]
    public void CheckPrintsTheNamesFromTheMetaFileWithEachSplitsCounts()
    {
        using var dir = new TempDirectory();
        // Batch b holds labels (n + b) % 10: with two records each, labels 1 and 6 once, 2 to 5 twice.
        DataFiles.Cifar10(dir.Path, perBatch: 2, test: 3, names: MetaNames);

        var report = DatasetCatalog.Check(new DatasetOptions { Name = "cifar10", DataDir = dir.Path, ValidationFraction = 0 });
        string text = report.ToString();

        Assert.True(report.Ok);
        Assert.Equal([0L, 1, 2, 2, 2, 2, 1, 0, 0, 0], report.Splits[0].ClassCounts);
        Assert.Contains("classes   10, names from batches.meta.txt", text);
        Assert.Contains("    2  meta-name-2         2  20.0%         0      -         1  33.3%", text);
        Assert.Contains("    7  meta-name-7         0   0.0%         0      -         0   0.0%", text);
    }

    [Fact]
    public void TrainingBatchesAreAugmentedOnlyWhenAsked()
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar10(dir.Path, perBatch: 4, test: 4);
        var options = new DatasetOptions { Name = "cifar10", DataDir = dir.Path, ValidationFraction = 0.2 };

        using var augmented = DatasetCatalog.Load(options);
        using var plain = DatasetCatalog.Load(options with { Augment = false });

        Assert.True(augmented.Train.Augments);
        Assert.False(augmented.Validation.Augments);
        Assert.False(augmented.Test.Augments);
        Assert.False(plain.Train.Augments);

        float[] Inputs(DataSplit split, int seed) => split.Batches(8, shuffle: false, seed).Select(b =>
        {
            using (b)
            {
                Assert.Equal([b.Size, 3L, 32, 32], b.Inputs.shape);
                return b.Inputs.data<float>().ToArray();
            }
        }).SelectMany(v => v).ToArray();

        Assert.Equal(Inputs(augmented.Train, 1), Inputs(augmented.Train, 1));
        Assert.NotEqual(Inputs(augmented.Train, 1), Inputs(augmented.Train, 2));
        Assert.NotEqual(Inputs(augmented.Train, 1), Inputs(plain.Train, 1));
        Assert.Equal(Inputs(plain.Train, 1), Inputs(plain.Train, 2));

        // Take never augments.
        using var taken = augmented.Train.Take([0]);
        using var reference = plain.Train.Take([0]);
        Assert.Equal(reference.Inputs.data<float>().ToArray(), taken.Inputs.data<float>().ToArray());
    }

    [Fact]
    public void MissingDirectoryListsTheFilesAndTheSource()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dynalay-dir-" + Guid.NewGuid().ToString("N"));

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "cifar10", DataDir = missing }));

        Assert.Contains(missing, e.Message);
        Assert.Contains("data_batch_1.bin", e.Message);
        Assert.Contains("test_batch.bin", e.Message);
        Assert.Contains("cifar-10-binary.tar.gz", e.Message);
    }

    [Fact]
    public void MissingBatchFileIsNamed()
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar10(dir.Path, perBatch: 1, test: 1);
        File.Delete(Path.Combine(dir.Path, "data_batch_4.bin"));

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "cifar10", DataDir = dir.Path }));

        Assert.Contains("data_batch_4.bin", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Theory]
    [InlineData("cifar10", "test_batch.bin", 3073)]
    [InlineData("cifar100", "train.bin", 3074)]
    public void PartialRecordIsReportedWithTheRecordSize(string name, string file, int recordSize)
    {
        using var dir = new TempDirectory();
        if (name == "cifar10")
        {
            DataFiles.Cifar10(dir.Path, perBatch: 1, test: 2);
        }
        else
        {
            DataFiles.Cifar100(dir.Path, train: 2, test: 1);
        }

        var path = Path.Combine(dir.Path, file);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = name, DataDir = dir.Path }));

        Assert.Contains(path, e.Message);
        Assert.Contains($"{recordSize}-byte records", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void LabelOutOfRangeIsReported()
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar100(dir.Path, train: 2, test: 2);
        var path = Path.Combine(dir.Path, "test.bin");
        File.WriteAllBytes(path, DataFiles.CifarRecords([[1, 5], [2, 150]]));

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "cifar100", DataDir = dir.Path }));

        Assert.Contains(path, e.Message);
        Assert.Contains("label 150 of record 1", e.Message);
        Assert.Contains("0..99", e.Message);
    }
}
