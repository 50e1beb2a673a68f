using DynaLay.Data;

namespace DynaLay.Tests.Core.Data;

public class ImdbTests
{
    private static void WriteTree(string aclImdb)
    {
        void Review(string split, string label, string file, string text) =>
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(aclImdb, split, label)).FullName, file), text);

        Review("train", "pos", "0_9.txt", "A great film.<br /><br />Great acting!");
        Review("train", "pos", "1_8.txt", "Great fun");
        Review("train", "neg", "0_2.txt", "Awful film, awful plot.");
        Review("train", "neg", "1_1.txt", "Boring");
        Review("test", "pos", "0_10.txt", "great great unseenword");
        Review("test", "neg", "0_3.txt", "awful");
        // Everything that is not a labelled review must be ignored.
        Review("train", "unsup", "0_0.txt", "unlabelled unlabelled unlabelled unlabelled");
        File.WriteAllText(Path.Combine(aclImdb, "train", "urls_pos.txt"), "http://example.invalid/review");
        File.WriteAllText(Path.Combine(aclImdb, "train", "labeledBow.feat"), "1 0:1");
        File.WriteAllText(Path.Combine(aclImdb, "imdb.vocab"), "the\nunlabelled\n");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadsTheOfficialTreeFromAclImdbOrItsParent(bool pointAtParent)
    {
        using var dir = new TempDirectory();
        var aclImdb = Path.Combine(dir.Path, "aclImdb");
        WriteTree(aclImdb);

        using var data = DatasetCatalog.Load(new DatasetOptions
        {
            Name = "imdb",
            DataDir = pointAtParent ? dir.Path : aclImdb,
            ValidationFraction = 0,
            MaxLength = 6,
        });

        Assert.Equal(Modality.Text, data.Modality);
        Assert.Equal(["neg", "pos"], data.ClassNames);
        Assert.Equal([6L], data.SampleShape);
        Assert.Equal((4, 2), (data.Train.Count, data.Test.Count));
        // neg files come first (label 0), each class in file-name order.
        Assert.Equal([0L, 0, 1, 1], data.Train.Labels);
        Assert.Equal([0L, 1], data.Test.Labels);

        // Train counts: great 3, awful 2, film 2, then single words in ordinal order.
        var vocabulary = data.Vocabulary!;
        Assert.Equal(["<pad>", "<unk>", "great", "awful", "film", "a", "acting", "boring", "fun", "plot"], vocabulary.Tokens);
        Assert.Equal(vocabulary.Count, data.VocabSize);
        Assert.DoesNotContain("unlabelled", vocabulary.Tokens);

        var train = data.Train.RawSamples.data<long>().ToArray();
        Assert.Equal([3L, 4, 3, 9, 0, 0], train[..6]);
        Assert.Equal([5L, 2, 4, 2, 6, 0], train[12..18]);
        var test = data.Test.RawSamples.data<long>().ToArray();
        Assert.Equal([3L, 0, 0, 0, 0, 0, 2, 2, 1, 0, 0, 0], test);
        Assert.Equal(0, data.LossyFiles);
    }

    [Fact]
    public void BatchesCarryTokenIds()
    {
        using var dir = new TempDirectory();
        WriteTree(dir.Path);
        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "imdb", DataDir = dir.Path, ValidationFraction = 0, MaxLength = 4 });

        using var batch = data.Test.Take([1]);

        Assert.Equal(TorchSharp.torch.ScalarType.Int64, batch.Inputs.dtype);
        Assert.Equal([1L, 4], batch.Inputs.shape);
        Assert.Equal([2L, 2, 1, 0], batch.Inputs.data<long>().ToArray());
        Assert.Equal([1L], batch.Labels.data<long>().ToArray());
    }

    [Fact]
    public void TopNAndASavedVocabularyAreHonoured()
    {
        using var dir = new TempDirectory();
        WriteTree(dir.Path);
        var vocabPath = Path.Combine(dir.Path, "vocab.json");
        Vocabulary.Build(["awful"], 10).Save(vocabPath);

        using var small = DatasetCatalog.Load(new DatasetOptions { Name = "imdb", DataDir = dir.Path, VocabSize = 2 });
        using var saved = DatasetCatalog.Load(new DatasetOptions { Name = "imdb", DataDir = dir.Path, VocabularyPath = vocabPath, MaxLength = 3 });

        Assert.Equal(["<pad>", "<unk>", "great", "awful"], small.Vocabulary!.Tokens);
        Assert.Equal(["<pad>", "<unk>", "awful"], saved.Vocabulary!.Tokens);
        Assert.Equal([2L, 0, 0, 1, 1, 1], saved.Test.RawSamples.data<long>().ToArray());
    }

    [Fact]
    public void MissingTreeSaysWhatIsExpectedAndWhereToGetIt()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "imdb", DataDir = dir.Path }));

        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("aclImdb/train/pos/*.txt", e.Message);
        Assert.Contains("aclImdb_v1.tar.gz", e.Message);
    }

    [Fact]
    public void EmptyClassFolderIsNamed()
    {
        using var dir = new TempDirectory();
        WriteTree(dir.Path);
        var neg = Path.Combine(dir.Path, "test", "neg");
        foreach (var file in Directory.GetFiles(neg))
        {
            File.Delete(file);
        }

        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetOptions { Name = "imdb", DataDir = dir.Path }));

        Assert.Contains(neg, e.Message);
        Assert.Contains("no .txt files", e.Message);
    }
}
