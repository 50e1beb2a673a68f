using DynaLay.Data;

namespace DynaLay.Tests.Core.Data;

public class TextFolderTests
{
    private static void WriteCorpus(string root, bool withValidation)
    {
        void Doc(string split, string label, string file, string text) =>
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, split, label)).FullName, file), text);

        Doc("train", "sports", "a.txt", "goal goal match");
        Doc("train", "sports", "b.txt", "match win");
        Doc("train", "news", "a.txt", "election vote");
        Doc("train", "Weather", "a.txt", "rain");
        Doc("test", "sports", "a.txt", "goal");
        Doc("test", "news", "a.txt", "vote");
        Doc("test", "Weather", "a.txt", "rain rain");
        if (withValidation)
        {
            Doc("val", "news", "a.txt", "election");
            Doc("val", "sports", "a.txt", "win");
            Doc("val", "Weather", "a.txt", "rain");
        }
    }

    [Fact]
    public void ClassesAreSortedOrdinallyAndLabelledByPosition()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir.Path, withValidation: false);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "text-folder", DataDir = dir.Path, ValidationFraction = 0, MaxLength = 3 });

        // Ordinal: upper case sorts before lower case.
        Assert.Equal(["Weather", "news", "sports"], data.ClassNames);
        Assert.Equal([0L, 1, 2, 2], data.Train.Labels);
        Assert.Equal([0L, 1, 2], data.Test.Labels);
        Assert.Equal(["<pad>", "<unk>", "goal", "match", "election", "rain", "vote", "win"], data.Vocabulary!.Tokens);
        Assert.Equal([5L, 5, 0, 6, 0, 0, 2, 0, 0], data.Test.RawSamples.data<long>().ToArray());
    }

    [Fact]
    public void AShippedValidationSplitIsUsedInsteadOfACarveOut()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir.Path, withValidation: true);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "text-folder", DataDir = dir.Path, ValidationFraction = 0.5 });

        Assert.Equal((4, 3, 3), (data.Train.Count, data.Validation.Count, data.Test.Count));
        Assert.Equal([0L, 1, 2], data.Validation.Labels);
    }

    [Fact]
    public void WithoutAValidationSplitOneIsCarvedFromTraining()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir.Path, withValidation: false);

        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "text-folder", DataDir = dir.Path, ValidationFraction = 0.25 });

        Assert.Equal((3, 1), (data.Train.Count, data.Validation.Count));
    }

    [Fact]
    public void InvalidUtf8IsReadLossilyAndCounted()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir.Path, withValidation: false);
        var latin1 = Path.Combine(dir.Path, "train", "news", "b.txt");
        // "café vote" in Latin-1: 0xE9 followed by a space is not valid UTF-8.
        File.WriteAllBytes(latin1, [0x63, 0x61, 0x66, 0xE9, 0x20, 0x76, 0x6F, 0x74, 0x65]);
        // A BOM is valid UTF-8 and must not count.
        File.WriteAllBytes(Path.Combine(dir.Path, "train", "news", "c.txt"), [0xEF, 0xBB, 0xBF, 0x76, 0x6F, 0x74, 0x65]);
        var options = new DatasetOptions { Name = "text-folder", DataDir = dir.Path, ValidationFraction = 0 };

        using var data = DatasetCatalog.Load(options);
        var report = DatasetCatalog.Check(options);

        Assert.Equal(1, data.LossyFiles);
        Assert.Contains(data.Warnings, w => w.Contains(latin1) && w.Contains("UTF-8"));
        Assert.Contains("caf", data.Vocabulary!.Tokens);
        Assert.Equal(3, data.Train.Labels.Count(l => l == 1));
        Assert.True(report.Ok);
        Assert.Equal(1, report.LossyFiles);
        Assert.Contains(report.Warnings, w => w.Contains("not valid UTF-8"));
    }

    [Fact]
    public void EmptyClassFolderIsNamed()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir.Path, withValidation: false);
        var empty = Directory.CreateDirectory(Path.Combine(dir.Path, "train", "science")).FullName;

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "text-folder", DataDir = dir.Path }));

        Assert.Contains(empty, e.Message);
        Assert.Contains("no .txt files", e.Message);
    }

    [Fact]
    public void TestClassUnknownToTrainingIsNamed()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir.Path, withValidation: false);
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(dir.Path, "test", "music")).FullName, "a.txt"), "song");

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "text-folder", DataDir = dir.Path }));

        Assert.Contains("music", e.Message);
        Assert.Contains("training classes", e.Message);
    }

    [Fact]
    public void MissingSplitOrDirectoryExplainsTheLayout()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "train", "a"));

        var noTest = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "text-folder", DataDir = dir.Path }));
        var noDir = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "text-folder" }));

        Assert.Contains(Path.Combine(dir.Path, "test"), noTest.Message);
        Assert.Contains("<root>/train/<class>/*.txt", noTest.Message);
        Assert.Contains("data directory", noDir.Message);
    }
}
