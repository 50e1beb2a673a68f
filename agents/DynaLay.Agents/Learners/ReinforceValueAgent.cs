using System.ComponentModel;
using System.Runtime.CompilerServices;
using DynaLay.Util;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// REINFORCE with a learned state value as its baseline (Sutton &amp; Barto 13.4): the advantage of a decision is
/// its reward-to-go minus v(s), and v is fitted to the reward-to-go after the policy step. Here most of a
/// return's spread comes from the sample, not the action, which only a baseline that sees the state removes;
/// but early on v(s) is the return of random play, which every short episode beats, so it also rewards a cheap
/// FPI at first.
/// </summary>
public sealed class ReinforceValueAgent : IAgent
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Learner<Hyperparameters>("reinforce-value", "REINFORCE with a learned state-value baseline v(s)", (ctx, hp) => new ReinforceValueAgent(ctx, hp));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    /// <summary>Hyperparameters of <see cref="ReinforceValueAgent"/>.</summary>
    public sealed record Hyperparameters : ReinforceHyperparameters
    {
        [Description("Adam learning rate of the value baseline. 1e-3: Spinning Up's VPG vf_lr.")]
        public double ValueLearningRate { get; init; } = 1e-3;

        internal override void Validate()
        {
            base.Validate();
            if (!(ValueLearningRate > 0)) throw new ArgumentException("value-learning-rate must be > 0.");
        }
    }

    private readonly Hyperparameters hp;
    private readonly AgentContext ctx;
    private readonly PolicyNetwork policy;
    private readonly ValueBaseline value;
    private readonly optim.Optimizer optimizer;
    private readonly nn.Module saved;
    private readonly ResumableRandom rng;
    private long updates;

    public ReinforceValueAgent(AgentContext context, Hyperparameters? hyperparameters = null)
    {
        ctx = context;
        hp = hyperparameters ?? new Hyperparameters();
        hp.Validate();
        manual_seed(ctx.Seed);
        policy = new PolicyNetwork("reinforce_policy", ctx.ObservationSize, hp.Hidden, ctx.NumActions, outputGain: 0.01);
        policy.to(ctx.Device);
        optimizer = optim.Adam(policy.parameters(), hp.LearningRate);
        value = new ValueBaseline("reinforce_value", ctx.ObservationSize, hp.Hidden, hp.ValueLearningRate, hp.MaxGradNorm, ctx.Device);
        saved = ValueBaseline.Saved(policy, value);
        rng = new ResumableRandom(ctx.Seed);
    }

    public string Name => "reinforce-value";
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

        // v(s) of each decision, taken before v is fitted to this batch, so no advantage sees its own return.
        float[] v;
        using (var observations = tensor(data.Observations, [data.Count, data.ObservationSize], device: ctx.Device)) v = value.Values(observations);
        Rows.ThrowIfNotFinite(v, Name, updates, "the value baseline");
        var advantages = new float[data.Count];
        for (int r = 0; r < data.Count; r++) advantages[r] = data.RewardToGo[r] - v[r];

        float loss, entropy;
        using (var scope = NewDisposeScope())
        {
            var obs = tensor(data.Observations, [data.Count, data.ObservationSize], device: ctx.Device);
            policy.UpdateNormalizer(obs);
            (loss, entropy) = PolicyGradient.Step(policy, optimizer, obs, tensor(data.Actions, device: ctx.Device), tensor(advantages, device: ctx.Device),
                                                  hp.Update, Name, updates);
            value.Fit(obs, tensor(data.RewardToGo, device: ctx.Device));
        }
        updates++;
        if (updates % 10 == 0) GC.Collect();
        return new AgentUpdate(loss, entropy, v.Average());
    }

    public void Save(string path) => AgentFile.Save(path, Header(), saved);

    public void Load(string path) => updates = (long)AgentFile.Load(path, Header(), saved).Counters.GetValueOrDefault("updates");

    public void SaveState(BinaryWriter writer) => LearnerState.Write(writer, Counters(), saved, rng, optimizer, value.Optimizer);

    public void LoadState(BinaryReader reader) => updates = (long)LearnerState.Read(reader, saved, rng, optimizer, value.Optimizer)["updates"];

    private Dictionary<string, double> Counters() => new() { ["updates"] = updates };

    private AgentFileHeader Header() => new(Name, ctx.ObservationSize, ctx.NumLayers, hp.Hidden, Counters());

    public void Dispose()
    {
        optimizer.Dispose();
        policy.Dispose();
        value.Dispose();
    }
}
