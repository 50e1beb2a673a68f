using DynaLay.Data;

namespace DynaLay.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void ListsEveryDatasetWithItsModalityAndSource()
    {
        var names = DatasetCatalog.All.Select(i => i.Name).ToArray();

        Assert.Equal(["synthetic", "synthetic-text", "fashion-mnist", "cifar10", "cifar100", "imdb", "text-folder"], names);
        Assert.All(DatasetCatalog.All, i => Assert.False(string.IsNullOrWhiteSpace(i.Format + i.Source)));
        var fashion = DatasetCatalog.All.Single(i => i.Name == "fashion-mnist");
        Assert.Equal(Modality.Image, fashion.Modality);
        Assert.Equal("/usr/share/datasets/fashion-mnist", fashion.DefaultDirectory);
        Assert.Equal(Modality.Text, DatasetCatalog.All.Single(i => i.Name == "imdb").Modality);
    }

    [Fact]
    public void DefaultOptionsAreTheDocumentedOnes()
    {
        var options = new DatasetOptions();

        Assert.Equal(("synthetic", 0, 0.1, 128, 10000, true, (int?)null, 1000), (options.Name, options.Seed, options.ValidationFraction, options.MaxLength, options.VocabSize, options.Augment, options.SyntheticTrain, options.SyntheticTest));
        Assert.Null(options.DataDir);
        Assert.Null(options.Limit);
        Assert.Null(options.VocabularyPath);
        Assert.False(options.CoarseLabels);
    }

    [Fact]
    public void NamesAreMatchedWithoutRegardToCase()
    {
        using var data = DatasetCatalog.Load(new DatasetOptions { Name = " Synthetic ", SyntheticTrain = 10, SyntheticTest = 10 });

        Assert.Equal("synthetic", data.Name);
    }

    [Fact]
    public void UnknownNameListsTheValidOnes()
    {
        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "mnist" }));

        Assert.Contains("'mnist'", e.Message);
        Assert.Contains("fashion-mnist", e.Message);
        Assert.Contains("cifar100", e.Message);
        Assert.Contains("text-folder", e.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void BadValidationFractionIsRejected(double fraction)
    {
        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { ValidationFraction = fraction, SyntheticTrain = 10, SyntheticTest = 10 }));

        Assert.Contains("ValidationFraction", e.Message);
    }

    [Fact]
    public void OtherBadOptionsAreRejectedBeforeAnyFileIsRead()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dynalay-dir-" + Guid.NewGuid().ToString("N"));

        var limit = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Limit = 0 }));
        var text = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "imdb", DataDir = missing, MaxLength = 0, VocabSize = -1 }));
        var sizes = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "synthetic-text", SyntheticTest = 0 }));

        Assert.Contains("Limit", limit.Message);
        Assert.Contains("MaxLength", text.Message);
        Assert.Contains("VocabSize", text.Message);
        Assert.Contains("SyntheticTest", sizes.Message);
    }

    [Fact]
    public void CheckReportsSplitsClassesAndShapes()
    {
        var report = DatasetCatalog.Check(new DatasetOptions { SyntheticTrain = 100, SyntheticTest = 30 });

        Assert.True(report.Ok);
        Assert.Equal(Modality.Image, report.Modality);
        Assert.Equal(10, report.NumClasses);
        Assert.Equal([3L, 32, 32], report.SampleShape);
        Assert.Equal(["train", "validation", "test"], report.Splits.Select(s => s.Name));
        Assert.Equal([90, 10, 30], report.Splits.Select(s => s.Count));
        Assert.All(report.Splits, s => Assert.Equal(s.Count, s.ClassCounts.Sum()));
        Assert.Contains("ok", report.ToString());
    }

    [Fact]
    public void CheckReportsTextStatisticsAndWarnsAboutTruncation()
    {
        var report = DatasetCatalog.Check(new DatasetOptions { Name = "synthetic-text", SyntheticTrain = 100, SyntheticTest = 20, MaxLength = 8 });

        Assert.True(report.Ok);
        Assert.Equal(Modality.Text, report.Modality);
        Assert.True(report.VocabSize > 2);
        var train = report.Splits[0];
        Assert.Equal(0.0, train.UnknownTokenShare);
        Assert.InRange(train.TruncatedShare!.Value, 0.0, 1.0);
    }

    [Fact]
    public void CheckTurnsALoadFailureIntoAProblem()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dynalay-dir-" + Guid.NewGuid().ToString("N"));

        var report = DatasetCatalog.Check(new DatasetOptions { Name = "cifar100", DataDir = missing });

        Assert.False(report.Ok);
        Assert.Null(report.Modality);
        Assert.Contains(report.Problems, p => p.Contains(missing) && p.Contains("train.bin"));
        Assert.Contains("FAILED", report.ToString());
    }
}
