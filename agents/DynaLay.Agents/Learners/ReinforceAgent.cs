using System.Runtime.CompilerServices;
using DynaLay.Util;
using System.ComponentModel;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// REINFORCE (Williams 1992) with a baseline: a categorical policy over {NOP, layer 1..L}, trained on the
/// reward-to-go of each decision minus a baseline, plus an entropy bonus that keeps it exploring.
/// </summary>
public sealed class ReinforceAgent : IAgent
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Learner<Hyperparameters>("reinforce", "REINFORCE with a baseline (moving average, value or self-critical)", (ctx, hp) => new ReinforceAgent(ctx, hp));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    /// <summary>Hyperparameters of <see cref="ReinforceAgent"/>.</summary>
    public sealed record Hyperparameters
    {
        [Description("Hidden units of the one-hidden-layer MLP policy. 64: SB3's MlpPolicy width.")]
        public int Hidden { get; init; } = 64;

        [Alias("lr")]
        [Description("Adam learning rate. 1e-3: the usual Adam step for small MLP policies (Spinning Up VPG uses 3e-4 on larger tasks; episodes here are at most L + 1 steps).")]
        public double LearningRate { get; init; } = 1e-3;

        [Description("Discount of the reward-to-go. 1: episodes are short and the paper's return is the undiscounted sum.")]
        public double Gamma { get; init; } = 1.0;

        [Description("moving-average (default: of past returns), value (a learned v(s), Sutton & Barto 13.4) or self-critical (the greedy rollout's return of the same sample, as in BlockDrop / Rennie et al. 2017). The value baseline removes the part of the return the sample decides, but early on v(s) is the return of random play, which every short episode beats, so it also rewards a cheap FPI at first.")]
        public ReinforceBaseline Baseline { get; init; } = ReinforceBaseline.MovingAverage;

        [Description("Adam learning rate of the value baseline. 1e-3: Spinning Up's VPG vf_lr.")]
        public double ValueLearningRate { get; init; } = 1e-3;

        [Description("Weight of the old value in the moving-average baseline. 0.9: a common choice (about the last 10 batches).")]
        public double BaselineMomentum { get; init; } = 0.9;

        [Description("Entropy bonus coefficient. 0.05, five times CleanRL's PPO ent_coef of 0.01: while the policy is near uniform almost every FPI costs more than it earns, and with 0.01 (or a learned value baseline) the policy fell to NOP everywhere within an epoch, before it had learnt for which samples FPI pays.")]
        public double EntropyCoefficient { get; init; } = 0.05;

        [Description("Gradient-norm clip. 0.5: CleanRL and SB3 policy-gradient default (max_grad_norm).")]
        public double MaxGradNorm { get; init; } = 0.5;

        [Description("Standardise advantages per batch. true: CleanRL and SB3 (norm_adv / normalize_advantage); the return's scale moves with the penalty by an order of magnitude, and unscaled steps froze the policy on one action for some inputs within two epochs.")]
        public bool NormalizeAdvantages { get; init; } = true;

        internal void Validate()
        {
            if (Hidden < 1) throw new ArgumentException("hidden must be >= 1.");
            if (!(LearningRate > 0)) throw new ArgumentException("learning-rate must be > 0.");
            if (!(ValueLearningRate > 0)) throw new ArgumentException("value-learning-rate must be > 0.");
            if (Gamma is < 0 or > 1) throw new ArgumentException("gamma must be in [0, 1].");
            if (BaselineMomentum is < 0 or >= 1) throw new ArgumentException("baseline-momentum must be in [0, 1).");
            if (EntropyCoefficient < 0) throw new ArgumentException("entropy-coefficient must be >= 0.");
            if (!(MaxGradNorm > 0)) throw new ArgumentException("max-grad-norm must be > 0.");
        }
    }

    private readonly Hyperparameters hp;
    private readonly AgentContext ctx;
    private readonly PolicyNetwork policy;
    private readonly ValueBaseline? value;
    private readonly optim.Optimizer optimizer;
    private readonly nn.Module saved;
    private readonly ResumableRandom rng;
    private long updates;
    private double baseline = double.NaN;

    public ReinforceAgent(AgentContext context, Hyperparameters? hyperparameters = null)
    {
        ctx = context;
        hp = hyperparameters ?? new Hyperparameters();
        hp.Validate();
        manual_seed(ctx.Seed);
        policy = new PolicyNetwork("reinforce_policy", ctx.ObservationSize, hp.Hidden, ctx.NumActions, outputGain: 0.01);
        policy.to(ctx.Device);
        optimizer = optim.Adam(policy.parameters(), hp.LearningRate);
        if (hp.Baseline == ReinforceBaseline.Value)
            value = new ValueBaseline("reinforce_value", ctx.ObservationSize, hp.Hidden, hp.ValueLearningRate, hp.MaxGradNorm, ctx.Device);
        saved = ValueBaseline.Saved(policy, value);
        rng = new ResumableRandom(ctx.Seed);
    }

    public string Name => "reinforce";
    public object Options => hp;
    public bool IsLearner => true;
    public bool NeedsGreedyRollout => hp.Baseline == ReinforceBaseline.SelfCritical;
    public double FlopsPerDecision => policy.Flops;
    public double? Exploration => null;
    public long Updates => updates;

    public AgentDecision Act(AgentInput input) => Rows.Categorical(policy, input, ctx.NumActions, rng, Name, updates);

    public AgentUpdate Learn(Rollout rollout)
    {
        var data = RolloutData.From(rollout, hp.Gamma, Name, updates);
        if (data.Count == 0) return AgentUpdate.None;

        // Any baseline that does not depend on the action leaves the gradient unbiased. The moving average
        // and the self-critical return are fixed per episode; the value baseline is per decision.
        var returns = rollout.Returns;
        var advantages = new float[data.Count];
        double reported;
        if (value is not null)
        {
            float[] v;
            using (var observations = tensor(data.Observations, [data.Count, data.ObservationSize], device: ctx.Device)) v = value.Values(observations);
            Rows.ThrowIfNotFinite(v, Name, updates, "the value baseline");
            for (int r = 0; r < data.Count; r++) advantages[r] = data.RewardToGo[r] - v[r];
            reported = v.Average();
        }
        else
        {
            double[] perEpisode;
            if (hp.Baseline == ReinforceBaseline.SelfCritical)
            {
                perEpisode = rollout.GreedyReturns
                    ?? throw new InvalidOperationException("The self-critical baseline needs Rollout.GreedyReturns (the trainer fills it when NeedsGreedyRollout is true).");
                if (perEpisode.Length != rollout.Batch) throw new ArgumentException($"GreedyReturns has {perEpisode.Length} entries for a batch of {rollout.Batch}.");
                if (perEpisode.Any(r => !double.IsFinite(r))) throw new AgentDivergedException(Name, updates, "a greedy return");
            }
            else
            {
                double b0 = double.IsNaN(baseline) ? returns.Average() : baseline;
                perEpisode = Enumerable.Repeat(b0, rollout.Batch).ToArray();
            }
            for (int r = 0; r < data.Count; r++) advantages[r] = data.RewardToGo[r] - (float)perEpisode[data.Episode[r]];
            reported = perEpisode.Average();
        }

        float loss, entropy;
        using (var scope = NewDisposeScope())
        {
            var obs = tensor(data.Observations, [data.Count, data.ObservationSize], device: ctx.Device);
            policy.UpdateNormalizer(obs);
            var adv = tensor(advantages, device: ctx.Device);
            if (hp.NormalizeAdvantages && data.Count > 1) adv = (adv - adv.mean()) / (adv.std() + 1e-8);
            var actions = tensor(data.Actions, device: ctx.Device);

            var logp = policy.forward(obs).log_softmax(1);
            var chosen = logp.gather(1, actions.unsqueeze(1)).squeeze(1);
            var ent = -(logp.exp() * logp).sum(1).mean();
            var total = -(adv * chosen).mean() - hp.EntropyCoefficient * ent;

            // One host copy per update; checked before the step so a NaN never reaches the weights.
            var figures = stack([total.detach(), ent.detach()]).cpu().data<float>().ToArray();
            (loss, entropy) = (figures[0], figures[1]);
            if (!float.IsFinite(loss)) throw new AgentDivergedException(Name, updates, "the loss");

            optimizer.zero_grad();
            total.backward();
            nn.utils.clip_grad_norm_(policy.parameters(), hp.MaxGradNorm);
            optimizer.step();
            value?.Fit(obs, tensor(data.RewardToGo, device: ctx.Device));
        }

        double batchMean = returns.Average();
        baseline = double.IsNaN(baseline) ? batchMean : hp.BaselineMomentum * baseline + (1 - hp.BaselineMomentum) * batchMean;
        updates++;
        if (updates % 10 == 0) GC.Collect();
        return new AgentUpdate(loss, entropy, reported);
    }

    public void Save(string path) => AgentFile.Save(path, Header(), saved);

    public void Load(string path)
    {
        var header = AgentFile.Load(path, Header(), saved);
        updates = (long)header.Counters.GetValueOrDefault("updates");
        baseline = header.Counters.GetValueOrDefault("baseline", double.NaN);
    }

    public void SaveState(BinaryWriter writer) => LearnerState.Write(writer, Counters(), saved, rng, Optimizers());

    public void LoadState(BinaryReader reader)
    {
        var counters = LearnerState.Read(reader, saved, rng, Optimizers());
        updates = (long)counters["updates"];
        baseline = counters["baseline"];
    }

    private optim.Optimizer[] Optimizers() => value is null ? [optimizer] : [optimizer, value.Optimizer];

    private Dictionary<string, double> Counters() => new() { ["updates"] = updates, ["baseline"] = baseline };

    private AgentFileHeader Header() => new(Name, ctx.ObservationSize, ctx.NumLayers, hp.Hidden, Counters(), Variant: value is null ? null : "value");

    public void Dispose()
    {
        optimizer.Dispose();
        policy.Dispose();
        value?.Dispose();
    }
}
