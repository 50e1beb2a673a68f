using System.Runtime.CompilerServices;
using DynaLay.Util;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// Self-critical REINFORCE (Rennie et al. 2017; BlockDrop's choice): the baseline of every decision of an episode
/// is the return the greedy policy earns on the same sample, so an action is pushed up exactly when the sampled
/// episode beat the argmax. The trainer plays each batch a second time, greedily, because this agent is an
/// <see cref="IGreedyRolloutLearner"/>. Every decision is weighed by its episode's whole return minus the greedy
/// one (as <see cref="ReinforceLeaveOneOutAgent"/> does, and for the same reason: a late decision's reward-to-go
/// leaves out the compute already paid, the greedy return does not).
/// </summary>
public sealed class ReinforceSelfCriticalAgent : IGreedyRolloutLearner
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Learner<Hyperparameters>("reinforce-sc", "self-critical REINFORCE: the greedy rollout's return is the baseline", (ctx, hp) => new ReinforceSelfCriticalAgent(ctx, hp));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    /// <summary>Hyperparameters of <see cref="ReinforceSelfCriticalAgent"/>: those of every REINFORCE variant, nothing more.</summary>
    public sealed record Hyperparameters : ReinforceHyperparameters
    {
        internal override void Validate()
        {
            base.Validate();
            if (Gamma != 1) throw new ArgumentException("gamma must be 1 for reinforce-sc: every decision is weighed by its episode's undiscounted return minus the greedy one.");
        }
    }

    private readonly Hyperparameters hp;
    private readonly AgentContext ctx;
    private readonly PolicyNetwork policy;
    private readonly optim.Optimizer optimizer;
    private readonly ResumableRandom rng;
    private long updates;

    public ReinforceSelfCriticalAgent(AgentContext context, Hyperparameters? hyperparameters = null)
    {
        ctx = context;
        hp = hyperparameters ?? new Hyperparameters();
        hp.Validate();
        manual_seed(ctx.Seed);
        policy = new PolicyNetwork("reinforce_policy", ctx.ObservationSize, hp.Hidden, ctx.NumActions, outputGain: 0.01);
        policy.to(ctx.Device);
        optimizer = optim.Adam(policy.parameters(), hp.LearningRate);
        rng = new ResumableRandom(ctx.Seed);
    }

    public string Name => "reinforce-sc";
    public object Options => hp;
    public bool IsLearner => true;
    public double FlopsPerDecision => policy.Flops;
    public double? Exploration => null;
    public long Updates => updates;

    public AgentDecision Act(AgentInput input) => Rows.Categorical(policy, input, ctx.NumActions, rng, Name, updates);

    public AgentUpdate Learn(Rollout rollout)
    {
        var data = RolloutData.From(rollout, hp.Gamma, Name, updates);
        if (data.Count == 0) return AgentUpdate.None;

        // The greedy return is fixed per episode and does not depend on the sampled action: no bias.
        var greedy = rollout.GreedyReturns
            ?? throw new InvalidOperationException("reinforce-sc needs Rollout.GreedyReturns (the trainer fills it for an IGreedyRolloutLearner).");
        if (greedy.Length != rollout.Batch) throw new ArgumentException($"GreedyReturns has {greedy.Length} entries for a batch of {rollout.Batch}.");
        if (greedy.Any(r => !double.IsFinite(r))) throw new AgentDivergedException(Name, updates, "a greedy return");
        var advantages = new float[data.Count];
        var returns = rollout.Returns;
        for (int r = 0; r < data.Count; r++) advantages[r] = (float)(returns[data.Episode[r]] - greedy[data.Episode[r]]);

        float loss, entropy;
        using (var scope = NewDisposeScope())
        {
            var obs = tensor(data.Observations, [data.Count, data.ObservationSize], device: ctx.Device);
            policy.UpdateNormalizer(obs);
            (loss, entropy) = PolicyGradient.Step(policy, optimizer, obs, tensor(data.Actions, device: ctx.Device), tensor(advantages, device: ctx.Device),
                                                  hp.Update, Name, updates);
        }
        updates++;
        if (updates % 10 == 0) GC.Collect();
        return new AgentUpdate(loss, entropy, greedy.Average());
    }

    public void Save(string path) => AgentFile.Save(path, Header(), policy);

    public void Load(string path) => updates = (long)AgentFile.Load(path, Header(), policy).Counters.GetValueOrDefault("updates");

    public void SaveState(BinaryWriter writer) => LearnerState.Write(writer, Counters(), policy, rng, optimizer);

    public void LoadState(BinaryReader reader) => updates = (long)LearnerState.Read(reader, policy, rng, optimizer)["updates"];

    private Dictionary<string, double> Counters() => new() { ["updates"] = updates };

    private AgentFileHeader Header() => new(Name, ctx.ObservationSize, ctx.NumLayers, hp.Hidden, Counters());

    public void Dispose()
    {
        optimizer.Dispose();
        policy.Dispose();
    }
}
