using DynaLay.Data;

namespace DynaLay.Tests.Core.Data;

public class TextTokenizerTests
{
    [Fact]
    public void LowercasesAndStripsLineBreaksAndPunctuation()
    {
        var tokens = TextTokenizer.Tokenize("Great movie!<br /><br />I LOVED it... 10/10, would   watch again.");

        Assert.Equal(["great", "movie", "i", "loved", "it", "10", "10", "would", "watch", "again"], tokens);
    }

    [Fact]
    public void LineBreakTagsDoNotGlueWordsTogether()
    {
        Assert.Equal(["end", "start", "next"], TextTokenizer.Tokenize("end<br />start<BR>next"));
    }

    [Fact]
    public void ApostrophesAreDroppedSoContractionsStayOneWord()
    {
        Assert.Equal(["dont", "its", "rock", "n", "roll"], TextTokenizer.Tokenize("Don't it's rock 'n' roll"));
    }

    [Fact]
    public void EmptyAndPunctuationOnlyTextsHaveNoTokens()
    {
        Assert.Empty(TextTokenizer.Tokenize(string.Empty));
        Assert.Empty(TextTokenizer.Tokenize("?! -- <br />"));
    }
}
