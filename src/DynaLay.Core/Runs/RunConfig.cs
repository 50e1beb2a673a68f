using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DynaLay.Runs;

/// <summary>
/// The run's config.json: every setting, the seed and the versions, as named sections
/// ("command", "dataset", "network", "pretrain", ...). Sections are plain records serialised with
/// System.Text.Json, so a later command rebuilds exactly what an earlier one used.
/// </summary>
public sealed class RunConfig
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly JsonObject root;

    public RunConfig() : this(new JsonObject()) { }
    private RunConfig(JsonObject root) => this.root = root;

    public const int FormatVersion = 1;
    private const string ConfigFileName = "config.json";

    public void Set<T>(string section, T value) => root[section] = JsonSerializer.SerializeToNode(value, Json);

    public bool Has(string section) => root.ContainsKey(section);

    /// <summary>The command that wrote the run (pretrain, train), from the "command" section.</summary>
    public string? CommandName => root["command"]?["name"]?.GetValue<string>();

    /// <summary>The arguments the run was started with, after the command name.</summary>
    public string[] CommandArgs => root["command"]?["args"]?.AsArray().Select(n => n?.GetValue<string>() ?? "").Skip(1).ToArray() ?? [];

    public T Get<T>(string section, string path)
    {
        var node = root[section] ?? throw new RunException($"{path} has no '{section}' section; it was not written by the command that needs it (re-run that command, or point --run at the right directory).");
        try
        {
            return node.Deserialize<T>(Json) ?? throw new RunException($"The '{section}' section of {path} is empty.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new RunException($"The '{section}' section of {path}/{ConfigFileName} cannot be read ({e.Message}); it was edited or damaged. Restore it, or start a new run.", e);
        }
    }

    public void Save(string path)
    {
        root["formatVersion"] = FormatVersion;
        root["versions"] = JsonSerializer.SerializeToNode(new
        {
            dynalay = typeof(RunConfig).Assembly.GetName().Version?.ToString(),
            dotnet = Environment.Version.ToString(),
            torchSharp = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
            os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        }, Json);
        AtomicFile.WriteAllText(path, root.ToJsonString(Json));
    }

    public static RunConfig Load(string path)
    {
        if (!File.Exists(path)) throw new RunException($"{path} is missing: this is not a run directory, or the run that made it crashed before its first write.");
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new RunException($"{path} is not valid JSON ({e.Message}).", e); }
        if (node is not JsonObject obj) throw new RunException($"{path} does not hold a JSON object.");
        int version = obj["formatVersion"]?.GetValue<int>() ?? 0;
        if (version != FormatVersion)
            throw new RunException($"{path} has run format version {version}; this build reads version {FormatVersion}. Use the matching dynalay version to read it.");
        return new RunConfig(obj);
    }
}
