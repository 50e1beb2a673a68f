using System.Text.Json;
using System.Text.Json.Serialization;
using DynaLay.Runs;
using DynaLay.Util;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// What a learner writes for a resumed training run to continue exactly as if it had never stopped: its
/// counters, its weights (input normalisers included), the moments and step counts of every optimizer and
/// the position of its random stream. A learner with more state (DQN's target network and replay buffer)
/// writes it after this.
/// </summary>
internal static class LearnerState
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Write(BinaryWriter writer, Dictionary<string, double> counters, nn.Module weights, ResumableRandom rng, params optim.Optimizer[] optimizers)
    {
        writer.Write(JsonSerializer.Serialize(counters, Json));
        weights.save(writer);
        foreach (var o in optimizers) OptimizerState.Write(writer, o);
        writer.Write(rng.Draws);
    }

    /// <summary>Restores what <see cref="Write"/> wrote into an agent built with the same options; returns the counters.</summary>
    public static Dictionary<string, double> Read(BinaryReader reader, nn.Module weights, ResumableRandom rng, params optim.Optimizer[] optimizers)
    {
        var counters = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.ReadString(), Json)
                       ?? throw new InvalidDataException("The agent's training state has no counters.");
        weights.load(reader);
        foreach (var o in optimizers) OptimizerState.Read(reader, o);
        rng.Restore(reader.ReadInt64());
        return counters;
    }

}
