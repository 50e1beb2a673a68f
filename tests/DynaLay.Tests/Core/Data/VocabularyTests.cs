using DynaLay.Data;

namespace DynaLay.Tests.Core.Data;

public class VocabularyTests
{
    private static readonly string[] Texts = ["the cat sat", "The dog sat!", "the end<br />"];

    [Fact]
    public void BuildKeepsTheMostFrequentWordsAfterPadAndUnk()
    {
        var vocabulary = Vocabulary.Build(Texts, topN: 3);

        // "the" x3, "sat" x2, then the ordinally first of the words seen once.
        Assert.Equal(["<pad>", "<unk>", "the", "sat", "cat"], vocabulary.Tokens);
        Assert.Equal(5, vocabulary.Count);
        Assert.Equal(0, Vocabulary.PadId);
        Assert.Equal(1, Vocabulary.UnkId);
    }

    [Fact]
    public void EncodePadsTruncatesAndMapsUnknownWords()
    {
        var vocabulary = Vocabulary.Build(Texts, topN: 3);

        Assert.Equal([2, 1, 3, 0, 0], vocabulary.Encode("The bird sat.", 5));
        Assert.Equal([2, 4], vocabulary.Encode("the cat sat on the mat", 2));
    }

    [Fact]
    public void SaveAndLoadRoundTrip()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "model", "vocab.json");
        var vocabulary = Vocabulary.Build(Texts, topN: 100);

        vocabulary.Save(path);
        var loaded = Vocabulary.Load(path);

        Assert.Equal(vocabulary.Tokens, loaded.Tokens);
        Assert.Equal(vocabulary.Encode("the dog ate the cat", 8), loaded.Encode("the dog ate the cat", 8));
    }

    [Fact]
    public void LoadingAMissingOrBrokenFileNamesIt()
    {
        using var dir = new TempDirectory();
        var missing = Path.Combine(dir.Path, "absent.json");
        var broken = Path.Combine(dir.Path, "broken.json");
        var foreign = Path.Combine(dir.Path, "foreign.json");
        File.WriteAllText(broken, "{ not json");
        File.WriteAllText(foreign, "{\"format\": \"dynalay-vocabulary\", \"version\": 1, \"tokens\": [\"a\", \"b\"]}");

        Assert.Contains(missing, Assert.Throws<DatasetException>(() => Vocabulary.Load(missing)).Message);
        Assert.Contains(broken, Assert.Throws<DatasetException>(() => Vocabulary.Load(broken)).Message);
        Assert.Contains("<pad>", Assert.Throws<DatasetException>(() => Vocabulary.Load(foreign)).Message);
    }
}
