using System.ComponentModel;
using System.Runtime.CompilerServices;
using DynaLay.Util;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// REINFORCE with a leave-one-out baseline (RLOO; Kool et al. 2019, "Buy 4 REINFORCE samples, get a baseline for
/// free"): every training sample is played G times, and each decision's baseline is the mean return of the other
/// G - 1 episodes of the same sample. Here most of a return is decided by the sample (whether the straight pass
/// is right), not by the action; a baseline from the same sample takes that part out exactly, so what is left is
/// what the actions changed. Every decision of an episode is weighed by the episode's return minus that baseline:
/// for a decision at step t this is its reward-to-go minus (baseline - the rewards before t), a baseline that
/// depends on the episode's past but not on the decision, so the gradient stays unbiased. (The reward-to-go minus
/// the plain baseline is unbiased too, but a late decision's reward-to-go leaves out the compute already paid and
/// the others' whole returns do not: its advantage comes out large and positive whatever it chose, and the policy
/// learnt to keep iterating until the budget ran out.)
/// </summary>
public sealed class ReinforceLeaveOneOutAgent : IGroupRolloutLearner
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Learner<Hyperparameters>("reinforce-loo", "REINFORCE with a leave-one-out baseline: each sample played G times, the others' mean return is the baseline", (ctx, hp) => new ReinforceLeaveOneOutAgent(ctx, hp));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    /// <summary>Hyperparameters of <see cref="ReinforceLeaveOneOutAgent"/>.</summary>
    public sealed record Hyperparameters : ReinforceHyperparameters
    {
        [Description("Episodes per training sample, G. 4: Kool et al.'s choice; each training batch costs G times the episodes.")]
        public int Samples { get; init; } = 4;

        internal override void Validate()
        {
            base.Validate();
            if (Samples < 2) throw new ArgumentException("samples must be >= 2: the baseline of an episode is the others' mean return.");
            if (Gamma != 1) throw new ArgumentException("gamma must be 1 for reinforce-loo: every decision is weighed by its episode's undiscounted return minus the others' mean.");
        }
    }

    private readonly Hyperparameters hp;
    private readonly AgentContext ctx;
    private readonly PolicyNetwork policy;
    private readonly optim.Optimizer optimizer;
    private readonly ResumableRandom rng;
    private long updates;

    public ReinforceLeaveOneOutAgent(AgentContext context, Hyperparameters? hyperparameters = null)
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

    public string Name => "reinforce-loo";
    public object Options => hp;
    public bool IsLearner => true;
    public double FlopsPerDecision => policy.Flops;
    public double? Exploration => null;
    public long Updates => updates;
    public int GroupSize => hp.Samples;

    public AgentDecision Act(AgentInput input) => Rows.Categorical(policy, input, ctx.NumActions, rng, Name, updates);

    public AgentUpdate Learn(Rollout rollout)
    {
        var data = RolloutData.From(rollout, hp.Gamma, Name, updates);
        if (data.Count == 0) return AgentUpdate.None;
        int g = hp.Samples;
        if (rollout.Batch % g != 0)
            throw new ArgumentException($"reinforce-loo plays every sample {g} times, but the rollout holds {rollout.Batch} episodes (the trainer resets with repeat = {g}).");

        // Episode i is sample i / G's; its baseline is the mean return of the group's other episodes.
        var returns = rollout.Returns;
        var baseline = new double[rollout.Batch];
        for (int start = 0; start < rollout.Batch; start += g)
        {
            double sum = 0;
            for (int j = start; j < start + g; j++) sum += returns[j];
            for (int j = start; j < start + g; j++) baseline[j] = (sum - returns[j]) / (g - 1);
        }
        var advantages = new float[data.Count];
        for (int r = 0; r < data.Count; r++) advantages[r] = (float)(returns[data.Episode[r]] - baseline[data.Episode[r]]);

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
        return new AgentUpdate(loss, entropy, baseline.Average());
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
