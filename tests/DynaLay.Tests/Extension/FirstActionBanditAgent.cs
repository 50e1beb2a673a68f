using System.ComponentModel;
using System.Runtime.CompilerServices;
using DynaLay.Agents;

namespace DynaLay.Tests.Extension;

/// <summary>
/// A learner defined, registered and documented in this one file, to show that adding an agent touches nothing
/// else: a bandit over the first decision. It keeps the mean return of the episodes that began with each
/// action, plays the best (or, exploring, each action in turn) at an episode's first step and NOP after it.
/// </summary>
public sealed class FirstActionBanditAgent : IAgent
{
    public sealed record Hyperparameters
    {
        [Description("Step size of the running mean of each first action's return. 0.1: a common bandit default.")]
        public double StepSize { get; init; } = 0.1;
    }

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(AgentSpec.Learner<Hyperparameters>(
        "first-action-bandit", "a bandit over the first decision (an example learner registered from its own file)",
        (ctx, hp) => new FirstActionBanditAgent(ctx, hp)));

    private readonly AgentContext ctx;
    private readonly Hyperparameters hp;
    private double[] values;
    private long explored;

    public FirstActionBanditAgent(AgentContext context, Hyperparameters hyperparameters)
    {
        if (!(hyperparameters.StepSize is > 0 and <= 1)) throw new ArgumentException("step-size must be in (0, 1].");
        (ctx, hp, values) = (context, hyperparameters, new double[context.NumActions]);
    }

    public string Name => "first-action-bandit";
    public object Options => hp;
    public bool IsLearner => true;
    public double FlopsPerDecision => 0;
    public double? Exploration => null;

    public AgentDecision Act(AgentInput input)
    {
        float[] obs;
        using (var cpu = input.Observations.cpu()) obs = cpu.data<float>().ToArray();
        int best = Array.IndexOf(values, values.Max());
        var actions = new int[input.Active.Length];
        for (int i = 0; i < actions.Length; i++)
        {
            bool first = obs[(i + 1) * ctx.ObservationSize - 1] == 0;   // the step fraction, the last feature
            actions[i] = !input.Active[i] ? -1 : !first ? 0 : input.Explore ? (int)(explored++ % ctx.NumActions) : best;
        }
        return new AgentDecision(actions, null, "none");
    }

    public AgentUpdate Learn(Rollout rollout)
    {
        var returns = rollout.Returns;
        for (int i = 0; i < rollout.Batch; i++)
        {
            int a = rollout.Steps[0].Actions[i];
            values[a] += hp.StepSize * (returns[i] - values[a]);
        }
        return new AgentUpdate(Loss: 0);
    }

    public void Save(string path) => DynaLay.Runs.AtomicFile.WriteAllText(path, string.Join(' ', values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

    public void Load(string path) => values = [.. File.ReadAllText(path).Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];

    public void SaveState(BinaryWriter writer)
    {
        foreach (var v in values) writer.Write(v);
        writer.Write(explored);
    }

    public void LoadState(BinaryReader reader)
    {
        for (int a = 0; a < values.Length; a++) values[a] = reader.ReadDouble();
        explored = reader.ReadInt64();
    }

    public void Dispose() { }
}
