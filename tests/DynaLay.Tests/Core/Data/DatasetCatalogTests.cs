using DynaLay.Data;

namespace DynaLay.Tests.Core.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void EveryEntryDescribesItselfOnce()
    {
        var names = DatasetCatalog.All.Select(i => i.Name).ToArray();

        Assert.Equal(names.Distinct().Order(StringComparer.Ordinal), names);
        Assert.All(DatasetCatalog.All, i => Assert.False(string.IsNullOrWhiteSpace(i.Format) || string.IsNullOrWhiteSpace(i.Source)));
        Assert.Throws<InvalidOperationException>(() => DatasetCatalog.Register(DatasetCatalog.All[0]));
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
    public void CheckCountsEachSplitsSamplesPerClass()
    {
        var options = new DatasetOptions { SyntheticTrain = 200, SyntheticTest = 50, Seed = 3 };
        using var data = DatasetCatalog.Load(options);

        var report = DatasetCatalog.Check(options);
        string text = report.ToString();

        for (int s = 0; s < 3; s++)
        {
            var split = data.Splits.ElementAt(s);
            var summary = report.Splits[s];
            Assert.Equal(split.Name, summary.Name);
            for (int label = 0; label < data.NumClasses; label++)
            {
                long count = split.Labels.Count(l => l == label);
                Assert.Equal(count, summary.ClassCounts[label]);
                Assert.Equal((double)count / split.Count, summary.ClassShare(label));
            }
        }

        // Every class has a row with its label, its name and, per split, its count and share.
        var rows = text.Split('\n').SkipWhile(l => !l.StartsWith("label", StringComparison.Ordinal)).Skip(1).Take(data.NumClasses).ToArray();
        for (int label = 0; label < data.NumClasses; label++)
        {
            var cells = rows[label].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal([label.ToString(), data.ClassNames[label]], cells[..2]);
            for (int s = 0; s < 3; s++)
            {
                var summary = report.Splits[s];
                Assert.Equal(summary.ClassCounts[label].ToString(), cells[2 + 2 * s]);
                Assert.Equal($"{100.0 * summary.ClassCounts[label] / summary.Count:F1}%", cells[3 + 2 * s]);
            }
        }
    }

    [Fact]
    public void CheckPrintsSharesOfAnUnevenCorpusAndADashForAnEmptySplit()
    {
        using var dir = new TempDirectory();
        void Doc(string split, string label, int n) =>
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(dir.Path, split, label)).FullName, $"{n}.txt"), $"{label} message {n}");
        for (int n = 0; n < 9; n++) Doc("train", "ham", n);
        for (int n = 0; n < 4; n++) Doc("train", "spam", n);
        for (int n = 0; n < 2; n++) Doc("test", "ham", n);
        Doc("test", "spam", 0);

        var report = DatasetCatalog.Check(new DatasetOptions { Name = "text-folder", DataDir = dir.Path, ValidationFraction = 0 });
        string text = report.ToString();

        Assert.True(report.Ok, text);
        Assert.Equal([9L, 4], report.Splits[0].ClassCounts);
        Assert.Null(report.Splits[1].ClassShare(0));
        Assert.Contains("classes   2, names from the class folders", text);
        Assert.Contains("label  class            train       validation             test", text);
        Assert.Contains("    0  ham           9  69.2%         0      -         2  66.7%", text);
        Assert.Contains("    1  spam          4  30.8%         0      -         1  33.3%", text);
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
