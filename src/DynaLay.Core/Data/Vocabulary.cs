using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynaLay.Data;

/// <summary>
/// Word-to-id table for the text datasets. Ids 0 and 1 are reserved for padding and unknown words; the rest are
/// the most frequent training words, most frequent first.
/// </summary>
public sealed class Vocabulary
{
    public const int PadId = 0;
    public const int UnkId = 1;
    public const string PadToken = "<pad>";
    public const string UnkToken = "<unk>";

    private const string FormatTag = "dynalay-vocabulary";
    private const int FormatVersion = 1;

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    private Vocabulary(string[] tokens)
    {
        _tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!_ids.TryAdd(tokens[i], i))
            {
                throw new ArgumentException($"Token '{tokens[i]}' appears twice in the vocabulary.", nameof(tokens));
            }
        }
    }

    /// <summary>Number of ids, &lt;pad&gt; and &lt;unk&gt; included: the embedding table size.</summary>
    public int Count => _tokens.Length;

    /// <summary>Tokens by id.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The top <paramref name="topN"/> words of the texts; ties are broken ordinally so the ids are reproducible.</summary>
    public static Vocabulary Build(IEnumerable<string> texts, int topN)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return BuildFromTokens(texts.Select(TextTokenizer.Tokenize), topN);
    }

    /// <summary>Reads a vocabulary written by <see cref="Save"/>.</summary>
    public static Vocabulary Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DatasetException(
                $"Vocabulary file '{path}' does not exist. Point to the vocab.json saved with the trained model, or leave the vocabulary path unset to build one from the training data.");
        }

        string[] tokens;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path));
            if (root?["format"]?.GetValue<string>() != FormatTag)
            {
                throw new DatasetException($"Vocabulary file '{path}' is not a DynaLay vocabulary (no \"format\": \"{FormatTag}\"). Use a file written by Vocabulary.Save.");
            }

            var version = root["version"]?.GetValue<int>();
            if (version != FormatVersion)
            {
                throw new DatasetException($"Vocabulary file '{path}' has version {version?.ToString() ?? "(none)"}; this build reads version {FormatVersion}. Rebuild the vocabulary from the training data.");
            }

            tokens = root["tokens"]?.AsArray().Select(t => t?.GetValue<string>() ?? string.Empty).ToArray()
                ?? throw new DatasetException($"Vocabulary file '{path}' has no \"tokens\" array. Use a file written by Vocabulary.Save.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new DatasetException($"Vocabulary file '{path}' is not valid vocabulary JSON ({e.Message}). Use a file written by Vocabulary.Save.", e);
        }

        if (tokens.Length < 2 || tokens[PadId] != PadToken || tokens[UnkId] != UnkToken)
        {
            throw new DatasetException($"Vocabulary file '{path}' must start with \"{PadToken}\" and \"{UnkToken}\" (ids {PadId} and {UnkId}). Use a file written by Vocabulary.Save.");
        }

        try
        {
            return new Vocabulary(tokens);
        }
        catch (ArgumentException e)
        {
            throw new DatasetException($"Vocabulary file '{path}' is corrupt: {e.Message} Rebuild it from the training data.", e);
        }
    }

    /// <summary>Writes the vocabulary as JSON, so later commands tokenise exactly as training did.</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var root = new JsonObject
        {
            ["format"] = FormatTag,
            ["version"] = FormatVersion,
            ["tokens"] = new JsonArray(_tokens.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        };
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Id of a token, <see cref="UnkId"/> when it is not in the vocabulary.</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out var id) ? id : UnkId;

    public string TokenOf(int id) => _tokens[id];

    /// <summary>Exactly <paramref name="maxLength"/> ids: the first tokens of the text, then padding.</summary>
    public int[] Encode(string text, int maxLength) => EncodeTokens(TextTokenizer.Tokenize(text), maxLength);

    internal static Vocabulary BuildFromTokens(IEnumerable<IEnumerable<string>> documents, int topN)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topN);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var token in document)
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
        }

        var words = counts
            .Where(kv => kv.Key is not PadToken and not UnkToken)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(topN)
            .Select(kv => kv.Key);
        return new Vocabulary([PadToken, UnkToken, .. words]);
    }

    internal int[] EncodeTokens(IEnumerable<string> tokens, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        var ids = new int[maxLength];
        var n = 0;
        foreach (var token in tokens)
        {
            if (n == maxLength)
            {
                break;
            }

            ids[n++] = IdOf(token);
        }

        return ids;
    }
}
