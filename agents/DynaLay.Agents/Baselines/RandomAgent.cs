using System.Runtime.CompilerServices;
using DynaLay.Util;

namespace DynaLay.Agents;

/// <summary>Uniform over {NOP, 1..L} at every decision, from a seeded RNG: the floor any learner must beat.</summary>
public sealed class RandomAgent(AgentContext context) : BaselineAgent(context)
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Rule("random", "a uniformly random action at every decision", ctx => new RandomAgent(ctx));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    private readonly ResumableRandom rng = new(context.Seed);

    public override string Name => "random";
    public override object Options => new Dictionary<string, object> { ["seed"] = Context.Seed };

    protected override void Choose(AgentInput input, int[] actions)
    {
        for (int i = 0; i < actions.Length; i++)
            if (input.Active[i]) actions[i] = rng.Next(Context.NumActions);
    }

    public override void SaveState(BinaryWriter writer) => writer.Write(rng.Draws);

    public override void LoadState(BinaryReader reader) => rng.Restore(reader.ReadInt64());
}
