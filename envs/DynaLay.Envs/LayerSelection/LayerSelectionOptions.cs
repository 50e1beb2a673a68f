using DynaLay.Fpi;

namespace DynaLay.Envs.LayerSelection;

/// <summary>Settings of the layer-selection environment. Defaults are the paper's.</summary>
public sealed record LayerSelectionOptions
{
    /// <summary>Episodes stepped together (samples per batch).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Decisions allowed per episode before truncation; null = L + 1 (every layer once, then NOP).</summary>
    public int? StepBudget { get; init; }

    /// <summary>The reward; the paper's eq. 2 with alpha 0.5, beta 0.3 by default.</summary>
    public IRewardFunction Reward { get; init; } = new PaperReward();

    /// <summary>FLOPs of one agent decision, charged to the sample's penalty (the paper counts the agent).</summary>
    public double AgentFlopsPerDecision { get; init; }

    /// <summary>Visit the split in a seeded random order (training) or in order (evaluation).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Keep the graph of the final logits so a trainer can backpropagate the classification loss through the chosen path.</summary>
    public bool KeepGraph { get; init; }

    public FpiOptions Solver { get; init; } = new();

    /// <summary>What the observation carries beside the pooled activations and the confidence (none by default).</summary>
    public ObservationExtras Observation { get; init; }
}
