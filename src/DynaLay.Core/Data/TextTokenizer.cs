using System.Text;
using System.Text.RegularExpressions;

namespace DynaLay.Data;

/// <summary>The one tokenizer every text dataset uses, so a saved vocabulary always matches the ids.</summary>
public static partial class TextTokenizer
{
    /// <summary>Lowercases, drops HTML line breaks (IMDB reviews are full of them) and punctuation.</summary>
    public static IEnumerable<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Split(LineBreak().Replace(text, " "));
    }

    private static List<string> Split(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '\u2019')
            {
                // Dropped rather than split on, so "don't" stays one word instead of "don" + "t".
            }
            else if (word.Length > 0)
            {
                tokens.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            tokens.Add(word.ToString());
        }

        return tokens;
    }

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineBreak();
}
