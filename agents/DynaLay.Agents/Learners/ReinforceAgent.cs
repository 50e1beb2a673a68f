using System.ComponentModel;
using System.Runtime.CompilerServices;
using DynaLay.Util;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// REINFORCE (Williams 1992) with a moving-average baseline: a categorical policy over {NOP, layer 1..L}, trained
/// on the reward-to-go of each decision minus an exponential moving average of past episode returns, plus an
/// entropy bonus that keeps it exploring. The other baselines are agents of their own:
/// <see cref="ReinforceValueAgent"/> (a learned v(s)) and <see cref="ReinforceSelfCriticalAgent"/> (the greedy
/// rollout's return).
/// </summary>
public sealed class ReinforceAgent : IAgent
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Learner<Hyperparameters>("reinforce", "REINFORCE with a moving-average baseline", (ctx, hp) => new ReinforceAgent(ctx, hp))
        with
    { Retired = RetiredBaseline };

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    /// <summary>Hyperparameters of <see cref="ReinforceAgent"/>.</summary>
    public sealed record Hyperparameters : ReinforceHyperparameters
    {
        [Description("Weight of the old value in the moving-average baseline. 0.9: a common choice (about the last 10 batches).")]
        public double BaselineMomentum { get; init; } = 0.9;

        internal override void Validate()
        {
            base.Validate();
            if (BaselineMomentum is < 0 or >= 1) throw new ArgumentException("baseline-momentum must be in [0, 1).");
        }
    }

    private readonly Hyperparameters hp;
    private readonly AgentContext ctx;
    private readonly PolicyNetwork policy;
    private readonly optim.Optimizer optimizer;
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
        rng = new ResumableRandom(ctx.Seed);
    }

    public string Name => "reinforce";
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

        // A baseline that does not depend on the action leaves the gradient unbiased; this one is the same for
        // every decision of the batch: the average return of the batches before it (of this batch, at first).
        var returns = rollout.Returns;
        double b = double.IsNaN(baseline) ? returns.Average() : baseline;
        var advantages = new float[data.Count];
        for (int r = 0; r < data.Count; r++) advantages[r] = data.RewardToGo[r] - (float)b;

        float loss, entropy;
        using (var scope = NewDisposeScope())
        {
            var obs = tensor(data.Observations, [data.Count, data.ObservationSize], device: ctx.Device);
            policy.UpdateNormalizer(obs);
            (loss, entropy) = PolicyGradient.Step(policy, optimizer, obs, tensor(data.Actions, device: ctx.Device), tensor(advantages, device: ctx.Device),
                                                  hp.Update, Name, updates);
        }

        double batchMean = returns.Average();
        baseline = double.IsNaN(baseline) ? batchMean : hp.BaselineMomentum * baseline + (1 - hp.BaselineMomentum) * batchMean;
        updates++;
        if (updates % 10 == 0) GC.Collect();
        return new AgentUpdate(loss, entropy, b);
    }

    /// <summary>
    /// Before the baselines were agents of their own, reinforce took baseline=moving-average|value|self-critical
    /// (and wrote it, with value-learning-rate, into every run's config.json). The default still loads; the
    /// others name the agent that replaced them.
    /// </summary>
    private static IReadOnlyDictionary<string, string>? RetiredBaseline(IReadOnlyDictionary<string, string>? overrides)
    {
        static string Normalize(string s) => s.Trim().Replace("-", "").Replace("_", "").ToLowerInvariant();
        var key = overrides?.Keys.FirstOrDefault(k => Normalize(k) == "baseline");
        if (key is null) return overrides;
        string value = overrides![key];
        string? agent = Normalize(value) switch
        {
            "movingaverage" => null,
            "value" => ReinforceValueAgent.Spec.Name,
            "selfcritical" => ReinforceSelfCriticalAgent.Spec.Name,
            _ => throw new ArgumentException($"Agent 'reinforce' has no hyperparameter 'baseline' any more: its baseline is the moving average; agents '{ReinforceValueAgent.Spec.Name}' (a learned v(s)) and '{ReinforceSelfCriticalAgent.Spec.Name}' (the greedy rollout's return) have the others. Got '{value}'.", nameof(overrides)),
        };
        if (agent is not null)
            throw new ArgumentException($"reinforce's baseline={value} is now the agent '{agent}': use --agent {agent}. A run trained as reinforce with baseline={value} cannot be loaded or resumed any more; train it again with --agent {agent}.", nameof(overrides));
        return overrides.Where(kv => kv.Key != key && Normalize(kv.Key) != "valuelearningrate").ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    public void Save(string path) => AgentFile.Save(path, Header(), policy);

    public void Load(string path)
    {
        var header = AgentFile.Load(path, Header(), policy);
        updates = (long)header.Counters.GetValueOrDefault("updates");
        baseline = header.Counters.GetValueOrDefault("baseline", double.NaN);
    }

    public void SaveState(BinaryWriter writer) => LearnerState.Write(writer, Counters(), policy, rng, optimizer);

    public void LoadState(BinaryReader reader)
    {
        var counters = LearnerState.Read(reader, policy, rng, optimizer);
        updates = (long)counters["updates"];
        baseline = counters["baseline"];
    }

    private Dictionary<string, double> Counters() => new() { ["updates"] = updates, ["baseline"] = baseline };

    private AgentFileHeader Header() => new(Name, ctx.ObservationSize, ctx.NumLayers, hp.Hidden, Counters());

    public void Dispose()
    {
        optimizer.Dispose();
        policy.Dispose();
    }
}
