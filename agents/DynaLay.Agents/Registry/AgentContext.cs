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

    /// <summary>The context of an environment.</summary>
    public static AgentContext For(LayerSelectionEnv env, Device? device = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(env);
        return new AgentContext(env.Layout.Size, env.NumLayers, device ?? CPU, seed);
    }
}
