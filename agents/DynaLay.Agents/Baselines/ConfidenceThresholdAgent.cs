using System.Runtime.CompilerServices;
namespace DynaLay.Agents;

/// <summary>
/// FPI on layer K once when the network's top class probability is below P, else NOP: the confidence
/// heuristic of early-exit networks (BranchyNet's entropy threshold, in its max-probability form). It is
/// what a learner must beat to show it reads more from the activations than the prediction's confidence.
/// </summary>
public sealed class ConfidenceThresholdAgent : BaselineAgent
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Family("threshold:K:P", "FPI on layer K once when the top class probability is below P", (ctx, p) => new ConfidenceThresholdAgent(ctx, FamilyName.Layer("threshold:K:P", p, 2, ctx), FamilyName.Probability("threshold:K:P", p)));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    public ConfidenceThresholdAgent(AgentContext context, int layer, double threshold) : base(context)
    {
        if (layer < 1 || layer > context.NumLayers)
            throw new ArgumentException($"threshold:{layer}:{threshold} names no layer: K must be in 1..{context.NumLayers}.", nameof(layer));
        if (!(threshold > 0 && threshold <= 1))
            throw new ArgumentException($"threshold:{layer}:{threshold}: the probability P must be in (0, 1].", nameof(threshold));
        Layer = layer;
        Threshold = threshold;
    }

    public int Layer { get; }
    public double Threshold { get; }
    public override string Name => FormattableString.Invariant($"threshold:{Layer}:{Threshold}");
    public override object Options => new Dictionary<string, object> { ["layer"] = Layer, ["threshold"] = Threshold };

    protected override void Choose(AgentInput input, int[] actions)
    {
        var (modes, maxProbability) = Introspect(input.Observations);
        for (int i = 0; i < actions.Length; i++)
            if (input.Active[i]) actions[i] = !modes[i, Layer - 1] && maxProbability[i] < Threshold ? Layer : 0;
    }
}
