using System.Text;

namespace DynaLay.Data;

/// <summary>
/// Reads text files as UTF-8. A file that is not valid UTF-8 is still read (invalid bytes become U+FFFD) but
/// counted, so a wrongly encoded corpus shows up in the check report instead of silently turning into &lt;unk&gt;.
/// </summary>
internal sealed class TextFileReader
{
    private const int ListedLossyFiles = 5;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly List<string> _lossyPaths = [];

    public int LossyFiles => _lossyPaths.Count;

    public IReadOnlyList<string> LossyPaths => _lossyPaths;

    public string Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var body = bytes.AsSpan();
        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            return Strict.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            _lossyPaths.Add(path);
            return Lenient.GetString(body);
        }
    }

    /// <summary>A warning line for the dataset, or nothing when every file was clean.</summary>
    public IReadOnlyList<string> Warnings(string datasetName)
    {
        if (_lossyPaths.Count == 0)
        {
            return [];
        }

        var listed = string.Join(", ", _lossyPaths.Take(ListedLossyFiles).Select(p => $"'{p}'"));
        var more = _lossyPaths.Count > ListedLossyFiles ? $" and {_lossyPaths.Count - ListedLossyFiles} more" : string.Empty;
        return
        [
            $"{datasetName}: {_lossyPaths.Count} file(s) are not valid UTF-8 and were read with replacement characters: {listed}{more}. " +
            "Re-encode them as UTF-8 (e.g. `iconv -f latin1 -t utf-8`) if their words matter.",
        ];
    }
}
