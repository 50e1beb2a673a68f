using System.Runtime.CompilerServices;
namespace DynaLay.Agents;

/// <summary>FPI on every layer not yet iterated, in order 1..L, then NOP: the most expensive sensible policy.</summary>
public sealed class AllLayersAgent(AgentContext context) : BaselineAgent(context)
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Rule("all", "FPI on every layer once, then NOP (Model 3)", ctx => new AllLayersAgent(ctx));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    public override string Name => "all";

    protected override void Choose(AgentInput input, int[] actions)
    {
        var modes = ModesOf(input.Observations);
        for (int i = 0; i < actions.Length; i++)
        {
            if (!input.Active[i]) continue;
            actions[i] = 0;
            for (int k = 0; k < Context.NumLayers; k++)
                if (!modes[i, k]) { actions[i] = k + 1; break; }
        }
    }
}
