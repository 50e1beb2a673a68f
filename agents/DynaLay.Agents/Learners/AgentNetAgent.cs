using System.ComponentModel;
using System.Runtime.CompilerServices;
using DynaLay.Util;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// The DynaLay paper's AgentNet: a small network over the flattened observation with a softmax over
/// {NOP, layer 1..L}; epsilon-greedy around the argmax while training, the argmax at evaluation.
///
/// The paper trains the main network and the agent on one joint loss L = CE - gamma * R. R is not
/// differentiable (it counts correctness and compute), so the agent's share of that loss is the
/// policy-gradient surrogate of -gamma * R (<see cref="PolicyGradient"/>), with R the episode's return, v a
/// learned state value (a baseline: it leaves the expected gradient as it is and removes the part of R the
/// sample decides) and a small entropy bonus. The CE part belongs to the main network and its trainer; the
/// agent's observations are detached, so no gradient crosses between the two.
///
/// The actions come from the epsilon-greedy policy mu, not from the softmax pi whose log-probability the
/// surrogate differentiates. With <see cref="Hyperparameters.ImportanceWeights"/> each decision's return is
/// importance-weighted by pi/mu, per decision (<see cref="CorrectedAdvantages"/>), and the estimate of
/// grad E_pi[R] is unbiased; by default the update is the paper's, unweighted. The ratios are not
/// clipped: mu gives every action at least epsilon / (L + 1), so a ratio is at most (L + 1) / epsilon, and
/// clipping them would bring back the bias toward the argmax that the weights remove.
/// </summary>
public sealed class AgentNetAgent : IAgent
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Learner<Hyperparameters>("agentnet", "the paper's AgentNet: a softmax policy over NOP and the layers", (ctx, hp) => new AgentNetAgent(ctx, hp));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    /// <summary>Hyperparameters of <see cref="AgentNetAgent"/>.</summary>
    public sealed record Hyperparameters
    {
        [Description("Hidden units. 32: the paper describes AgentNet only as small; its cost is charged to every decision.")]
        public int Hidden { get; init; } = 32;

        [Alias("lr")]
        [Description("Adam learning rate. 1e-3: Adam's default (Kingma & Ba 2015); not given by the paper.")]
        public double LearningRate { get; init; } = 1e-3;

        [Description("Weight of the reward in the paper's loss L = CE - gamma * R. 0.2: the DynaLay paper.")]
        public double Gamma { get; init; } = 0.2;

        [Description("Epsilon at the start of training. 0.5: not given by the paper; half the decisions random so every layer gets tried.")]
        public double EpsilonStart { get; init; } = 0.5;

        [Description("Floor of epsilon. 0.05: CleanRL's DQN end_e.")]
        public double EpsilonEnd { get; init; } = 0.05;

        [Description("Weight each decision by pi(a|s) / mu(a|s), per decision, so the epsilon-greedy episodes estimate the softmax policy's gradient without bias (README: AgentNet's off-policy correction). false by default, the paper's update: with the weights and the default entropy bonus AgentNet answered only 69% of the easy samples of the bandit learning test at once.")]
        public bool ImportanceWeights { get; init; }

        [Description("Multiplicative epsilon decay per update. 0.995: not given by the paper; reaches the floor after about 460 updates.")]
        public double EpsilonDecay { get; init; } = 0.995;

        [Description("Gradient-norm clip. 1: a conservative clip for an unnormalised return scale.")]
        public double MaxGradNorm { get; init; } = 1.0;

        [Description("Subtract a learned state value v(s) from R (true, default) or use the raw R as the paper writes it (false). Most of R is the sample's (an easy one pays off whatever is chosen, a hopeless one never does): with the raw R every action on a sample the network gets wrong is pushed down, the greedy one hardest, and the agent learns to avoid hard samples instead of to help them.")]
        public bool ValueBaseline { get; init; } = true;

        [Description("Adam learning rate of the value baseline. 1e-3: Spinning Up's VPG vf_lr.")]
        public double ValueLearningRate { get; init; } = 1e-3;

        [Description("Entropy bonus on the softmax; not in the paper. 0.05, a quarter of gamma (which scales the policy term): without it the softmax saturated on NOP (probability 1.0 on the hardest samples too), and a saturated softmax no longer moves its argmax; with 0.02 it still fell to NOP everywhere within the first epoch on synthetic, before it had learnt where FPI pays; 0.1 kept it nearly uniform.")]
        public double EntropyCoefficient { get; init; } = 0.05;

        internal void Validate()
        {
            if (Hidden < 1) throw new ArgumentException("hidden must be >= 1.");
            if (!(LearningRate > 0)) throw new ArgumentException("learning-rate must be > 0.");
            if (!(ValueLearningRate > 0)) throw new ArgumentException("value-learning-rate must be > 0.");
            if (EntropyCoefficient < 0) throw new ArgumentException("entropy-coefficient must be >= 0.");
            if (!(Gamma > 0)) throw new ArgumentException("gamma must be > 0.");
            // The importance weights divide by the behaviour probability, epsilon / (L + 1) for every action but the argmax.
            if (EpsilonStart is < 0 or > 1 || EpsilonEnd is < 0 or > 1) throw new ArgumentException("epsilon-start and epsilon-end must be in [0, 1].");
            if (ImportanceWeights && (EpsilonStart is <= 0 or > 1 || EpsilonEnd is <= 0 or > 1)) throw new ArgumentException("epsilon-start and epsilon-end must be in (0, 1]: the update weights each decision by pi(a|s) / mu(a|s), and epsilon-greedy mu gives the actions other than the argmax epsilon / (L + 1).");
            if (EpsilonDecay is <= 0 or > 1) throw new ArgumentException("epsilon-decay must be in (0, 1].");
            if (!(MaxGradNorm > 0)) throw new ArgumentException("max-grad-norm must be > 0.");
        }
    }

    private readonly Hyperparameters hp;
    private readonly AgentContext ctx;
    private readonly PolicyNetwork net;
    private readonly ValueBaseline? value;
    private readonly nn.Module saved;
    private readonly optim.Optimizer optimizer;
    private readonly ResumableRandom rng;
    private double epsilon;
    private long updates;

    public AgentNetAgent(AgentContext context, Hyperparameters? hyperparameters = null)
    {
        ctx = context;
        hp = hyperparameters ?? new Hyperparameters();
        hp.Validate();
        manual_seed(ctx.Seed);
        net = new PolicyNetwork("agentnet", ctx.ObservationSize, hp.Hidden, ctx.NumActions, outputGain: 0.01);
        net.to(ctx.Device);
        optimizer = optim.Adam(net.parameters(), hp.LearningRate);
        if (hp.ValueBaseline)
            value = new ValueBaseline("agentnet_value", ctx.ObservationSize, hp.Hidden, hp.ValueLearningRate, hp.MaxGradNorm, ctx.Device);
        saved = ValueBaseline.Saved(net, value);
        rng = new ResumableRandom(ctx.Seed);
        epsilon = hp.EpsilonStart;
    }

    public string Name => "agentnet";
    public object Options => hp;
    public bool IsLearner => true;
    public double FlopsPerDecision => net.Flops;
    public double? Exploration => epsilon;
    public long Updates => updates;

    public AgentDecision Act(AgentInput input)
    {
        int b = input.Active.Length, width = ctx.NumActions;
        float[] probs = net.Probabilities(input.Observations);
        Rows.ThrowIfNotFinite(probs, Name, updates, "the action probabilities");
        var actions = Rows.Inactive(b);
        for (int i = 0; i < b; i++)
        {
            if (!input.Active[i]) continue;
            actions[i] = input.Explore && rng.NextDouble() < epsilon ? rng.Next(width) : Rows.Argmax(probs, i, width);
        }
        return new AgentDecision(actions, probs, "probability");
    }

    public AgentUpdate Learn(Rollout rollout)
    {
        // gamma here is the paper's reward weight, not a discount: R is the whole episode's return.
        var data = RolloutData.From(rollout, 1.0, Name, updates);
        if (data.Count == 0) return AgentUpdate.None;

        float loss, entropy;
        using (var scope = NewDisposeScope())
        {
            var obs = tensor(data.Observations, [data.Count, data.ObservationSize], device: ctx.Device);
            // The behaviour policy mu is epsilon-greedy around the argmax of the network that acted: this one, before
            // the batch moves its normaliser (nothing else changed it since, and epsilon decays only below).
            float[] acted = net.Probabilities(obs);
            float[]? v = value?.Values(obs);
            if (v is not null) Rows.ThrowIfNotFinite(v, Name, updates, "the value baseline");
            net.UpdateNormalizer(obs);
            float[] target = net.Probabilities(obs);
            Rows.ThrowIfNotFinite(target, Name, updates, "the action probabilities");

            var ratios = hp.ImportanceWeights ? ImportanceRatios(data.Actions, target, acted, epsilon, ctx.NumActions) : Enumerable.Repeat(1.0, data.Count).ToArray();
            var advantages = CorrectedAdvantages(data, ratios, v);
            for (int row = 0; row < advantages.Length; row++) advantages[row] = (float)(hp.Gamma * advantages[row]);
            (loss, entropy) = PolicyGradient.Step(net, optimizer, obs, tensor(data.Actions, device: ctx.Device), tensor(advantages, device: ctx.Device),
                                                  new PolicyGradient.Settings(hp.EntropyCoefficient, hp.MaxGradNorm, NormalizeAdvantages: false), Name, updates);
            if (value is not null)
            {
                var returns = rollout.Returns;
                value.Fit(obs, tensor(data.Episode.Select(e => (float)returns[e]).ToArray(), device: ctx.Device));
            }
        }
        updates++;
        epsilon = Math.Max(hp.EpsilonEnd, epsilon * hp.EpsilonDecay);
        if (updates % 10 == 0) GC.Collect();
        return new AgentUpdate(loss, entropy);
    }

    /// <summary>
    /// rho = pi(a | s) / mu(a | s) for each decision: <paramref name="target"/> holds pi's probabilities [N, A], and
    /// mu is epsilon-greedy around the argmax of <paramref name="acted"/> (the probabilities the actions were
    /// chosen from): 1 - epsilon + epsilon / A for that argmax, epsilon / A for every other action.
    /// </summary>
    internal static double[] ImportanceRatios(long[] actions, float[] target, float[] acted, double epsilon, int width)
    {
        var ratios = new double[actions.Length];
        for (int row = 0; row < actions.Length; row++)
        {
            int a = (int)actions[row];
            double mu = (a == Rows.Argmax(acted, row, width) ? 1 - epsilon : 0) + epsilon / width;
            ratios[row] = target[row * width + a] / mu;
        }
        return ratios;
    }

    /// <summary>
    /// The coefficient of each decision's log pi(a_t | s_t) in an estimate of grad E_pi[R] from episodes played by
    /// mu, by per-decision importance sampling (Precup, Sutton &amp; Singh 2000): with W_t the product of the ratios
    /// of the episode's decisions 0..t, c_t = W_t * (R_before_t - v(s_t)) + sum over t' >= t of W_t' * r_t'. A reward
    /// is weighted by the ratios of the decisions up to it and no later ones (which cannot have caused it); the
    /// rewards before t and v(s_t) do not depend on a_t and carry W_t, so their expected contribution stays zero.
    /// With every ratio 1 (on-policy) c_t = R - v(s_t), the paper's return minus the baseline.
    /// </summary>
    internal static float[] CorrectedAdvantages(RolloutData data, double[] ratios, float[]? baseline)
    {
        int n = data.Count, episodes = n == 0 ? 0 : data.Episode.Max() + 1;
        var weight = new double[n];
        var before = new double[n];
        var product = Enumerable.Repeat(1.0, episodes).ToArray();
        var earned = new double[episodes];
        // Rows run step by step, so an episode's rows come in the order it took them.
        for (int row = 0; row < n; row++)
        {
            int e = data.Episode[row];
            product[e] *= ratios[row];
            weight[row] = product[e];
            before[row] = earned[e];
            earned[e] += data.Rewards[row];
        }
        var after = new double[episodes];
        var coefficients = new float[n];
        for (int row = n - 1; row >= 0; row--)
        {
            int e = data.Episode[row];
            after[e] += weight[row] * data.Rewards[row];
            coefficients[row] = (float)(weight[row] * (before[row] - (baseline?[row] ?? 0)) + after[e]);
        }
        return coefficients;
    }

    public void Save(string path) => AgentFile.Save(path, Header(), saved);

    public void Load(string path)
    {
        var header = AgentFile.Load(path, Header(), saved);
        updates = (long)header.Counters.GetValueOrDefault("updates");
        epsilon = header.Counters.GetValueOrDefault("epsilon", hp.EpsilonStart);
    }

    public void SaveState(BinaryWriter writer) => LearnerState.Write(writer, Counters(), saved, rng, Optimizers());

    public void LoadState(BinaryReader reader)
    {
        var counters = LearnerState.Read(reader, saved, rng, Optimizers());
        updates = (long)counters["updates"];
        epsilon = counters["epsilon"];
    }

    private optim.Optimizer[] Optimizers() => value is null ? [optimizer] : [optimizer, value.Optimizer];

    private Dictionary<string, double> Counters() => new() { ["updates"] = updates, ["epsilon"] = epsilon };

    private AgentFileHeader Header() => new(Name, ctx.ObservationSize, ctx.NumLayers, hp.Hidden, Counters(), Variant: value is null ? null : "value");

    public void Dispose()
    {
        optimizer.Dispose();
        net.Dispose();
        value?.Dispose();
    }
}
