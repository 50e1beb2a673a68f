using System.Runtime.CompilerServices;
namespace DynaLay.Agents;

/// <summary>Always NOP: the straight pass, the cheapest possible answer (compute 1).</summary>
public sealed class NopAgent(AgentContext context) : BaselineAgent(context)
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Rule("nop", "always NOP: the straight pass", ctx => new NopAgent(ctx));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    public override string Name => "nop";

    protected override void Choose(AgentInput input, int[] actions)
    {
        for (int i = 0; i < actions.Length; i++)
            if (input.Active[i]) actions[i] = 0;
    }
}
