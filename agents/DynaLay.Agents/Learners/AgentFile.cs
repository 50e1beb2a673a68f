using System.Text.Json;
using System.Text.Json.Serialization;
using DynaLay.Runs;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// One file per agent: a magic string, a JSON header (agent type, sizes, counters) and the module's
/// weights. The header is read before any weight, so a file from another agent or of other sizes fails
/// with a message saying what differs instead of a shape error deep in TorchSharp.
/// </summary>
internal static class AgentFile
{
    private const string Magic = "DynaLay.Agent/1";

    // Counters may be NaN (no baseline yet); JSON has no NaN literal by default.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(string path, AgentFileHeader header, nn.Module module)
    {
        AtomicFile.Write(path, tmp =>
        {
            using var fs = File.Create(tmp);
            using var writer = new BinaryWriter(fs);
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(header, Json));
            module.save(writer);
        });
    }

    public static AgentFileHeader Load(string path, AgentFileHeader expected, nn.Module module)
    {
        using var fs = File.OpenRead(path);
        using var reader = new BinaryReader(fs);
        AgentFileHeader header;
        try
        {
            if (reader.ReadString() != Magic) throw new FormatException();
            header = JsonSerializer.Deserialize<AgentFileHeader>(reader.ReadString(), Json) ?? throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or JsonException or IOException)
        {
            throw new InvalidDataException($"'{path}' is not an agent file written by Save.", e);
        }
        if (header.Agent != expected.Agent)
            throw new InvalidDataException($"'{path}' holds a '{header.Agent}' agent; it cannot be loaded into a '{expected.Agent}' agent.");
        if (header.ObservationSize != expected.ObservationSize || header.NumLayers != expected.NumLayers || header.Hidden != expected.Hidden)
            throw new InvalidDataException($"'{path}' holds a '{header.Agent}' agent for observations of {header.ObservationSize}, {header.NumLayers} layers and {header.Hidden} hidden units; this one has {expected.ObservationSize}, {expected.NumLayers} and {expected.Hidden}.");
        if (header.Variant != expected.Variant)
            throw new InvalidDataException($"'{path}' holds a '{header.Agent}' agent {Describe(header.Variant)}; this one is {Describe(expected.Variant)}. Load it with the options it was trained with (see its run's config.json).");
        try { module.load(reader); }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"'{path}' is damaged: its header is whole but its weights cannot be read ({e.Message.Split('\n')[0].Trim()}); it may be truncated. Restore it from a copy, or train the agent again in a new run.", e);
        }
        return header;
    }

    private static string Describe(string? variant) => variant is null ? "without extra networks" : $"with a {variant} network";
}

/// <summary>
/// What identifies a saved agent, and its counters (steps, epsilon, baseline). <paramref name="Variant"/> names
/// the networks an option adds to the file (REINFORCE's value baseline), so a file is never loaded into an agent
/// whose options expect other networks.
/// </summary>
internal sealed record AgentFileHeader(string Agent, int ObservationSize, int NumLayers, int Hidden, Dictionary<string, double> Counters, string? Variant = null);
