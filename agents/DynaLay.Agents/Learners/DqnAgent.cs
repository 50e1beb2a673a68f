using System.ComponentModel;
using System.Runtime.CompilerServices;
using DynaLay.Util;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// DQN (Mnih et al. 2015) with an optional double-DQN target (van Hasselt et al. 2016): epsilon-greedy
/// over Q(s, .) for {NOP, layer 1..L}, a uniform replay buffer, a target network copied every N updates
/// and the Huber loss. The step budget ends the return like a NOP does (see <see cref="RolloutData.Final"/>):
/// bootstrapping past it would add the value of a continuation that cannot happen, on top of the accuracy
/// reward already paid there, and teach the agent to iterate until the budget runs out.
/// </summary>
public sealed class DqnAgent : IAgent
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Learner<Hyperparameters>("dqn", "DQN: epsilon-greedy Q-learning with replay and a target network", (ctx, hp) => new DqnAgent(ctx, hp));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    /// <summary>Hyperparameters of <see cref="DqnAgent"/>.</summary>
    public sealed record Hyperparameters
    {
        [Description("Hidden units of the one-hidden-layer Q network. 64: SB3's MlpPolicy width.")]
        public int Hidden { get; init; } = 64;

        [Alias("lr")]
        [Description("Adam learning rate. 2.5e-4: CleanRL dqn.py.")]
        public double LearningRate { get; init; } = 2.5e-4;

        [Description("Discount. 0.99: CleanRL dqn.py and SB3 DQN.")]
        public double Gamma { get; init; } = 0.99;

        [Description("Replay capacity in transitions. 10000: CleanRL dqn.py (buffer_size).")]
        public int BufferSize { get; init; } = 10_000;

        [Description("Transitions per gradient step. 128: CleanRL dqn.py.")]
        public int BatchSize { get; init; } = 128;

        [Description("Transitions stored before learning starts. 1000: CleanRL's 10000 scaled to this buffer (SB3 uses 100).")]
        public int LearningStarts { get; init; } = 1000;

        [Description("New transitions per gradient step. 10: CleanRL dqn.py (train_frequency); SB3 uses 4.")]
        public int TrainFrequency { get; init; } = 10;

        [Description("Gradient steps between target-network copies. 500: CleanRL dqn.py (target_network_frequency, tau = 1).")]
        public int TargetUpdateInterval { get; init; } = 500;

        [Description("Epsilon at the first decision. 1: CleanRL dqn.py (start_e).")]
        public double EpsilonStart { get; init; } = 1.0;

        [Description("Epsilon after the decay. 0.05: CleanRL dqn.py (end_e).")]
        public double EpsilonEnd { get; init; } = 0.05;

        [Description("Exploring decisions over which epsilon decays linearly. 10000: CleanRL decays over half the run; runs here are a few 10^4 decisions.")]
        public long EpsilonDecayDecisions { get; init; } = 10_000;

        [Description("Use the online network to pick the next action and the target network to value it (double DQN, van Hasselt et al. 2016).")]
        public bool DoubleDqn { get; init; } = true;

        [Description("Gradient-norm clip. 10: SB3 DQN (max_grad_norm).")]
        public double MaxGradNorm { get; init; } = 10.0;

        internal void Validate()
        {
            if (Hidden < 1) throw new ArgumentException("hidden must be >= 1.");
            if (!(LearningRate > 0)) throw new ArgumentException("learning-rate must be > 0.");
            if (Gamma is < 0 or > 1) throw new ArgumentException("gamma must be in [0, 1].");
            if (BufferSize < 1 || BatchSize < 1 || TrainFrequency < 1 || TargetUpdateInterval < 1) throw new ArgumentException("buffer-size, batch-size, train-frequency and target-update-interval must be >= 1.");
            if (LearningStarts < 0) throw new ArgumentException("learning-starts must be >= 0.");
            if (EpsilonStart is < 0 or > 1 || EpsilonEnd is < 0 or > 1) throw new ArgumentException("epsilon-start and epsilon-end must be in [0, 1].");
            if (EpsilonDecayDecisions < 0) throw new ArgumentException("epsilon-decay-decisions must be >= 0.");
            if (!(MaxGradNorm > 0)) throw new ArgumentException("max-grad-norm must be > 0.");
        }
    }

    private readonly Hyperparameters hp;
    private readonly AgentContext ctx;
    private readonly PolicyNetwork online;
    private readonly PolicyNetwork target;
    private readonly optim.Optimizer optimizer;
    private readonly ReplayBuffer buffer;
    private readonly ResumableRandom rng;
    private long decisions;
    private long updates;
    private long learns;

    public DqnAgent(AgentContext context, Hyperparameters? hyperparameters = null)
    {
        ctx = context;
        hp = hyperparameters ?? new Hyperparameters();
        hp.Validate();
        manual_seed(ctx.Seed);
        online = new PolicyNetwork("dqn_q", ctx.ObservationSize, hp.Hidden, ctx.NumActions);
        target = new PolicyNetwork("dqn_target", ctx.ObservationSize, hp.Hidden, ctx.NumActions);
        online.to(ctx.Device);
        target.to(ctx.Device);
        target.CopyFrom(online);
        foreach (var p in target.parameters()) p.requires_grad = false;
        optimizer = optim.Adam(online.parameters(), hp.LearningRate);
        buffer = new ReplayBuffer(hp.BufferSize, ctx.ObservationSize);
        rng = new ResumableRandom(ctx.Seed);
    }

    public string Name => "dqn";
    public object Options => hp;
    public bool IsLearner => true;
    public double FlopsPerDecision => online.Flops;
    public double? Exploration => Epsilon;
    public long Updates => updates;

    /// <summary>Linear from EpsilonStart to EpsilonEnd over the first EpsilonDecayDecisions exploring decisions.</summary>
    public double Epsilon => hp.EpsilonDecayDecisions == 0
        ? hp.EpsilonEnd
        : hp.EpsilonStart + (hp.EpsilonEnd - hp.EpsilonStart) * Math.Min(1.0, (double)decisions / hp.EpsilonDecayDecisions);

    public AgentDecision Act(AgentInput input)
    {
        int b = input.Active.Length, width = ctx.NumActions;
        float[] q;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            q = online.forward(input.Observations.detach()).cpu().data<float>().ToArray();
        }
        Rows.ThrowIfNotFinite(q, Name, updates, "the Q-values");
        var actions = Rows.Inactive(b);
        for (int i = 0; i < b; i++)
        {
            if (!input.Active[i]) continue;
            if (input.Explore)
            {
                actions[i] = rng.NextDouble() < Epsilon ? rng.Next(width) : Rows.Argmax(q, i, width);
                decisions++;
            }
            else
            {
                actions[i] = Rows.Argmax(q, i, width);
            }
        }
        return new AgentDecision(actions, q, "q");
    }

    public AgentUpdate Learn(Rollout rollout)
    {
        var data = RolloutData.From(rollout, hp.Gamma, Name, updates);
        if (data.Count == 0) return AgentUpdate.None;
        buffer.Add(data);
        using (var scope = NewDisposeScope())
        {
            online.UpdateNormalizer(tensor(data.Observations, [data.Count, data.ObservationSize], device: ctx.Device));
        }
        // The target must see observations through the same statistics as the online network, or
        // every normaliser update would shift the bootstrap targets until the next sync.
        CopyNormalizer();
        if (buffer.Count < Math.Max(hp.LearningStarts, 1)) return AgentUpdate.None;

        int gradientSteps = Math.Max(1, data.Count / hp.TrainFrequency);
        using var lossSum = zeros(1, device: ctx.Device);
        for (int s = 0; s < gradientSteps; s++)
        {
            using var scope = NewDisposeScope();
            var (o, a, r, nx, dn) = buffer.Sample(Math.Min(hp.BatchSize, buffer.Count), rng);
            int n = a.Length;
            var obs = tensor(o, [n, ctx.ObservationSize], device: ctx.Device);
            var next = tensor(nx, [n, ctx.ObservationSize], device: ctx.Device);
            var act = tensor(a, device: ctx.Device).unsqueeze(1);
            var rew = tensor(r, device: ctx.Device);
            var done = tensor(dn, device: ctx.Device);

            Tensor y;
            using (no_grad())
            {
                var nextQ = target.forward(next);
                var bootstrap = hp.DoubleDqn
                    ? nextQ.gather(1, online.forward(next).argmax(1, keepdim: true)).squeeze(1)
                    : nextQ.max(1).values;
                y = rew + hp.Gamma * (1 - done) * bootstrap;
            }
            var q = online.forward(obs).gather(1, act).squeeze(1);
            var loss = nn.functional.smooth_l1_loss(q, y);

            optimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(online.parameters(), hp.MaxGradNorm);
            optimizer.step();
            lossSum.add_(loss.detach());

            updates++;
            if (updates % hp.TargetUpdateInterval == 0) target.CopyFrom(online);
        }
        // Per Learn, not per gradient step: a full collection costs milliseconds, a small step microseconds.
        if (++learns % 10 == 0) GC.Collect();
        // One host read per Learn: a NaN loss leaves NaN weights behind, which the next Act also reports.
        float mean = lossSum.cpu().data<float>()[0] / gradientSteps;
        if (!float.IsFinite(mean)) throw new AgentDivergedException(Name, updates, "the loss");
        return new AgentUpdate(mean);
    }

    private void CopyNormalizer()
    {
        using var _ = no_grad();
        var src = online.state_dict();
        var dst = target.state_dict();
        foreach (var key in new[] { "obs_mean", "obs_var", "obs_count" }) dst[key].copy_(src[key]);
    }

    public void Save(string path) => AgentFile.Save(path, Header(), online);

    public void Load(string path)
    {
        var header = AgentFile.Load(path, Header(), online);
        target.CopyFrom(online);
        decisions = (long)header.Counters.GetValueOrDefault("decisions");
        updates = (long)header.Counters.GetValueOrDefault("updates");
    }

    public void SaveState(BinaryWriter writer)
    {
        LearnerState.Write(writer, Counters(), online, rng, optimizer);
        target.save(writer);
        buffer.Write(writer);
    }

    public void LoadState(BinaryReader reader)
    {
        var counters = LearnerState.Read(reader, online, rng, optimizer);
        (decisions, updates, learns) = ((long)counters["decisions"], (long)counters["updates"], (long)counters["learns"]);
        target.load(reader);
        buffer.Read(reader);
    }

    private Dictionary<string, double> Counters() => new() { ["decisions"] = decisions, ["updates"] = updates, ["learns"] = learns, ["epsilon"] = Epsilon };

    private AgentFileHeader Header() => new(Name, ctx.ObservationSize, ctx.NumLayers, hp.Hidden, Counters());

    public void Dispose()
    {
        optimizer.Dispose();
        online.Dispose();
        target.Dispose();
    }
}
