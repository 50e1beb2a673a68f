using System.Runtime.CompilerServices;
namespace DynaLay.Agents;

/// <summary>FPI on one layer K once, then NOP: the static "one refined layer" networks the paper compares with.</summary>
public sealed class FixedLayerAgent : BaselineAgent
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Family("fixed:K", "FPI on layer K once, then NOP", (ctx, p) => new FixedLayerAgent(ctx, FamilyName.Layer("fixed:K", p, 1, ctx)));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    public FixedLayerAgent(AgentContext context, int layer) : base(context)
    {
        if (layer < 1 || layer > context.NumLayers)
            throw new ArgumentException($"fixed:{layer} names no layer: K must be in 1..{context.NumLayers}.", nameof(layer));
        Layer = layer;
    }

    public int Layer { get; }
    public override string Name => $"fixed:{Layer}";
    public override object Options => new Dictionary<string, object> { ["layer"] = Layer };

    protected override void Choose(AgentInput input, int[] actions)
    {
        var modes = ModesOf(input.Observations);
        for (int i = 0; i < actions.Length; i++)
            if (input.Active[i]) actions[i] = modes[i, Layer - 1] ? 0 : Layer;
    }
}
