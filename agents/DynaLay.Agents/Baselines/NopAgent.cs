namespace DynaLay.Agents;

/// <summary>Always NOP: the straight pass, the cheapest possible answer (compute 1).</summary>
public sealed class NopAgent(AgentContext context) : BaselineAgent(context)
{
    public override string Name => "nop";

    protected override void Choose(AgentInput input, int[] actions)
    {
        for (int i = 0; i < actions.Length; i++)
            if (input.Active[i]) actions[i] = 0;
    }
}
