using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>What every agent needs to be built: the sizes it acts on, where it computes and its seed.</summary>
public sealed record AgentContext
{
    public AgentContext(int observationSize, int numLayers, Device? device = null, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observationSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numLayers);
        ObservationSize = observationSize;
        NumLayers = numLayers;
        Device = device ?? CPU;
        Seed = seed;
    }

    /// <summary>Width D of one observation (<c>ObservationLayout.Size</c>).</summary>
    public int ObservationSize { get; }

    /// <summary>L; actions are 0 (NOP) .. L.</summary>
    public int NumLayers { get; }

    public Device Device { get; }
    public int Seed { get; }

    /// <summary>Actions per decision: NOP plus one per layer.</summary>
    public int NumActions => NumLayers + 1;

    /// <summary>
    /// The main network's inputs for sample indices of the environment's split (the caller owns the tensor).
    /// Only the oracle needs it: the environment does not hand out its split, and the oracle must replay
    /// the samples through the network under every mode set.
    /// </summary>
    public Func<long[], Tensor>? SampleInputs { get; init; }

    /// <summary>The context of an environment; pass its split to let the oracle look ahead.</summary>
    public static AgentContext For(LayerSelectionEnv env, DataSplit? split = null, Device? device = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(env);
        var dev = device ?? CPU;
        return new AgentContext(env.Layout.Size, env.NumLayers, dev, seed)
        {
            SampleInputs = split is null ? null : indices =>
            {
                var batch = split.Take(indices, dev);
                batch.Labels.Dispose();
                return batch.Inputs;
            },
        };
    }
}
