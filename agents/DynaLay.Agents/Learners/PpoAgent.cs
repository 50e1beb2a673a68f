using System.ComponentModel;
using System.Runtime.CompilerServices;
using DynaLay.Util;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// PPO (Schulman et al. 2017) as CleanRL's ppo.py has it: a categorical actor and a state-value critic (separate
/// one-hidden-layer MLPs, one Adam), advantages by GAE, then several epochs of minibatch updates of the clipped
/// surrogate, the clipped value loss and an entropy bonus. One rollout is one batch of episodes; an episode ends
/// at NOP or at the step budget, which (as for the other learners here) is part of the task: no bootstrap past it.
/// </summary>
public sealed class PpoAgent : IAgent
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Learner<Hyperparameters>("ppo", "PPO: clipped surrogate, GAE, a value head, minibatch epochs", (ctx, hp) => new PpoAgent(ctx, hp));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    /// <summary>Hyperparameters of <see cref="PpoAgent"/>.</summary>
    public sealed record Hyperparameters
    {
        [Description("Hidden units of the actor and of the critic. 64: CleanRL ppo.py.")]
        public int Hidden { get; init; } = 64;

        [Alias("lr")]
        [Description("Adam learning rate. 1e-3, the other learners' rate: CleanRL's 2.5e-4 is for millions of steps, a comparison cell here makes a few hundred updates.")]
        public double LearningRate { get; init; } = 1e-3;

        [Description("Discount. 1: episodes are at most L + 1 decisions and the paper's return is the undiscounted sum.")]
        public double Gamma { get; init; } = 1.0;

        [Description("GAE lambda. 0.95: CleanRL ppo.py.")]
        public double GaeLambda { get; init; } = 0.95;

        [Description("Passes over each rollout. 4: CleanRL ppo.py update_epochs.")]
        public int UpdateEpochs { get; init; } = 4;

        [Description("Minibatches per pass. 4: CleanRL ppo.py num_minibatches.")]
        public int Minibatches { get; init; } = 4;

        [Description("Surrogate clipping coefficient. 0.2: CleanRL ppo.py clip_coef.")]
        public double ClipCoefficient { get; init; } = 0.2;

        [Description("Entropy bonus coefficient. 0.05, as reinforce and agentnet here (CleanRL's 0.01 let the policy gradients fall to NOP everywhere before they had learnt where FPI pays).")]
        public double EntropyCoefficient { get; init; } = 0.05;

        [Description("Value-loss coefficient. 0.5: CleanRL ppo.py vf_coef.")]
        public double ValueCoefficient { get; init; } = 0.5;

        [Description("Gradient-norm clip. 0.5: CleanRL ppo.py max_grad_norm.")]
        public double MaxGradNorm { get; init; } = 0.5;

        internal void Validate()
        {
            if (Hidden < 1) throw new ArgumentException("hidden must be >= 1.");
            if (!(LearningRate > 0)) throw new ArgumentException("learning-rate must be > 0.");
            if (Gamma is < 0 or > 1) throw new ArgumentException("gamma must be in [0, 1].");
            if (GaeLambda is < 0 or > 1) throw new ArgumentException("gae-lambda must be in [0, 1].");
            if (UpdateEpochs < 1) throw new ArgumentException("update-epochs must be >= 1.");
            if (Minibatches < 1) throw new ArgumentException("minibatches must be >= 1.");
            if (!(ClipCoefficient > 0)) throw new ArgumentException("clip-coefficient must be > 0.");
            if (EntropyCoefficient < 0) throw new ArgumentException("entropy-coefficient must be >= 0.");
            if (ValueCoefficient < 0) throw new ArgumentException("value-coefficient must be >= 0.");
            if (!(MaxGradNorm > 0)) throw new ArgumentException("max-grad-norm must be > 0.");
        }
    }

    private readonly Hyperparameters hp;
    private readonly AgentContext ctx;
    private readonly PolicyNetwork actor;
    private readonly PolicyNetwork critic;
    private readonly PolicyAndValue both;
    private readonly optim.Optimizer optimizer;
    private readonly ResumableRandom rng;
    private long updates;

    public PpoAgent(AgentContext context, Hyperparameters? hyperparameters = null)
    {
        ctx = context;
        hp = hyperparameters ?? new Hyperparameters();
        hp.Validate();
        manual_seed(ctx.Seed);
        // CleanRL's heads: actor output orthogonal with gain 0.01 (a uniform start), critic gain 1.
        actor = new PolicyNetwork("ppo_actor", ctx.ObservationSize, hp.Hidden, ctx.NumActions, outputGain: 0.01);
        critic = new PolicyNetwork("ppo_critic", ctx.ObservationSize, hp.Hidden, 1, outputGain: 1.0);
        both = new PolicyAndValue(actor, critic);
        both.to(ctx.Device);
        optimizer = optim.Adam(both.parameters(), hp.LearningRate, eps: 1e-5);
        rng = new ResumableRandom(ctx.Seed);
    }

    public string Name => "ppo";
    public object Options => hp;
    public bool IsLearner => true;
    public double FlopsPerDecision => actor.Flops;
    public double? Exploration => null;
    public long Updates => updates;

    public AgentDecision Act(AgentInput input) => Rows.Categorical(actor, input, ctx.NumActions, rng, Name, updates);

    public AgentUpdate Learn(Rollout rollout)
    {
        var data = RolloutData.From(rollout, hp.Gamma, Name, updates);
        int n = data.Count;
        if (n == 0) return AgentUpdate.None;

        using var scope = NewDisposeScope();
        var obs = tensor(data.Observations, [n, data.ObservationSize], device: ctx.Device);
        var actions = tensor(data.Actions, device: ctx.Device);
        // One normaliser for both networks: the statistics of what the actor saw.
        actor.UpdateNormalizer(obs);
        critic.UpdateNormalizer(obs);

        // The old policy's log-probabilities and values, then GAE backwards through each episode.
        float[] values;
        Tensor oldLogp;
        using (no_grad())
        {
            oldLogp = actor.forward(obs).log_softmax(1).gather(1, actions.unsqueeze(1)).squeeze(1);
            values = critic.forward(obs).squeeze(1).cpu().data<float>().ToArray();
        }
        Rows.ThrowIfNotFinite(values, Name, updates, "the critic's values");
        var advantages = new float[n];
        var nextRow = new int[rollout.Batch];
        Array.Fill(nextRow, -1);
        for (int r = n - 1; r >= 0; r--)
        {
            int e = data.Episode[r], next = nextRow[e];
            bool final = data.Final[r] || next < 0;
            double delta = data.Rewards[r] + (final ? 0 : hp.Gamma * values[next]) - values[r];
            advantages[r] = (float)(delta + (final ? 0 : hp.Gamma * hp.GaeLambda * advantages[next]));
            nextRow[e] = r;
        }
        var adv = tensor(advantages, device: ctx.Device);
        var oldValues = tensor(values, device: ctx.Device);
        var returns = adv + oldValues;

        double loss = 0, entropy = 0;
        int steps = 0, size = Math.Max(1, n / hp.Minibatches);
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        for (int epoch = 0; epoch < hp.UpdateEpochs; epoch++)
        {
            rng.Shuffle(order);
            for (int start = 0; start < n; start += size)
            {
                using var step = NewDisposeScope();
                var idx = tensor(order.AsSpan(start, Math.Min(size, n - start)).ToArray(), device: ctx.Device);
                var mbAdv = PolicyGradient.Standardize(adv.index_select(0, idx));
                var logits = actor.forward(obs.index_select(0, idx));
                var logp = logits.log_softmax(1);
                var newLogp = logp.gather(1, actions.index_select(0, idx).unsqueeze(1)).squeeze(1);
                var ratio = (newLogp - oldLogp.index_select(0, idx)).exp();
                var policyLoss = max(-mbAdv * ratio, -mbAdv * ratio.clamp(1 - hp.ClipCoefficient, 1 + hp.ClipCoefficient)).mean();

                // Clipped value loss (CleanRL clip_vloss).
                var v = critic.forward(obs.index_select(0, idx)).squeeze(1);
                var vOld = oldValues.index_select(0, idx);
                var target = returns.index_select(0, idx);
                var vClipped = vOld + (v - vOld).clamp(-hp.ClipCoefficient, hp.ClipCoefficient);
                var valueLoss = 0.5 * max((v - target).pow(2), (vClipped - target).pow(2)).mean();

                var ent = PolicyGradient.Entropy(logp);
                var total = policyLoss - hp.EntropyCoefficient * ent + hp.ValueCoefficient * valueLoss;
                loss += PolicyGradient.ClippedStep(total, ent, both.parameters(), optimizer, hp.MaxGradNorm, Name, updates, out float stepEntropy);
                entropy += stepEntropy;
                steps++;
            }
        }
        updates++;
        if (updates % 10 == 0) GC.Collect();
        return new AgentUpdate(loss / steps, entropy / steps, values.Average());
    }

    public void Save(string path) => AgentFile.Save(path, Header(), both);

    public void Load(string path)
    {
        var header = AgentFile.Load(path, Header(), both);
        updates = (long)header.Counters.GetValueOrDefault("updates");
    }

    public void SaveState(BinaryWriter writer) => LearnerState.Write(writer, Counters(), both, rng, optimizer);

    public void LoadState(BinaryReader reader) => updates = (long)LearnerState.Read(reader, both, rng, optimizer)["updates"];

    private Dictionary<string, double> Counters() => new() { ["updates"] = updates };

    private AgentFileHeader Header() => new(Name, ctx.ObservationSize, ctx.NumLayers, hp.Hidden, Counters());

    public void Dispose()
    {
        optimizer.Dispose();
        both.Dispose();
    }
}
