using DynaLay.Agents;

namespace DynaLay.Tests.Agents;

/// <summary>
/// AgentNet acts epsilon-greedily (mu) but differentiates the softmax's log-probability (pi). Its per-decision
/// importance weights must make the expected update under mu the on-policy gradient of E_pi[R]. These tests
/// draw many episodes from mu through the real <see cref="Rollout"/> and <see cref="RolloutData"/> types, form the
/// score-function estimate with the coefficients AgentNet uses, and compare it with the exact gradient with
/// respect to the logits (d log pi(a) / dz = e_a - pi).
/// </summary>
public class OffPolicyCorrectionTests
{
    private const int Actions = Bandit.Layers + 1;
    private const double Epsilon = 0.2;

    private static double[] Softmax(double[] z)
    {
        var e = z.Select(x => Math.Exp(x - z.Max())).ToArray();
        return e.Select(x => x / e.Sum()).ToArray();
    }

    private static int Argmax(double[] p) => Array.IndexOf(p, p.Max());

    /// <summary>A draw from epsilon-greedy around pi's argmax.</summary>
    private static int Behaviour(double[] pi, Random rng) => rng.NextDouble() < Epsilon ? rng.Next(Actions) : Argmax(pi);

    private static float[] Rows(double[] pi, int count) =>
        Enumerable.Range(0, count).SelectMany(_ => pi.Select(p => (float)p)).ToArray();

    private static double[] Score(double[] pi, long action) => pi.Select((p, a) => (a == action ? 1 : 0) - p).ToArray();

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        for (int a = 0; a < expected.Length; a++)
            Assert.True(Math.Abs(expected[a] - actual[a]) < tolerance,
                $"{what}: component {a} is {actual[a]:F4}, the on-policy gradient {expected[a]:F4} (tolerance {tolerance}).");
    }

    /// <summary>One decision per episode: the contextual bandit the learners are tested on, with one state.</summary>
    private static (double[] Corrected, double[] Uncorrected, double[] Exact) OneStep(int episodes, int seed)
    {
        var pi = Softmax([0.5, 0.0, 1.0, -0.5]);
        double[] reward = [0.2, -0.3, 1.0, 0.1];
        const float baseline = 0.3f;
        var exact = new double[Actions];
        for (int a = 0; a < Actions; a++)
            for (int k = 0; k < Actions; k++) exact[k] += pi[a] * reward[a] * Score(pi, a)[k];

        var rng = new Random(seed);
        var rollout = new Rollout(episodes, Bandit.Observation);
        var actions = Enumerable.Range(0, episodes).Select(_ => Behaviour(pi, rng)).ToArray();
        var all = Enumerable.Repeat(true, episodes).ToArray();
        rollout.Steps.Add(new RolloutStep(new float[episodes * Bandit.Observation], actions, actions.Select(a => reward[a]).ToArray(),
                                          all, new bool[episodes], all, new float[episodes * Bandit.Observation]));
        var data = RolloutData.From(rollout, 1.0, "test", 0);
        var probs = Rows(pi, data.Count);
        var v = Enumerable.Repeat(baseline, data.Count).ToArray();
        var corrected = AgentNetAgent.CorrectedAdvantages(data, AgentNetAgent.ImportanceRatios(data.Actions, probs, probs, Epsilon, Actions), v);
        var uncorrected = AgentNetAgent.CorrectedAdvantages(data, Enumerable.Repeat(1.0, data.Count).ToArray(), v);
        return (Estimate(corrected), Estimate(uncorrected), exact);

        double[] Estimate(float[] c)
        {
            var g = new double[Actions];
            for (int row = 0; row < data.Count; row++)
                for (int k = 0; k < Actions; k++) g[k] += c[row] * Score(pi, data.Actions[row])[k] / episodes;
            return g;
        }
    }

    [Fact]
    public void TheWeightedEstimateUnderEpsilonGreedyIsTheOnPolicyGradient()
    {
        var (corrected, uncorrected, exact) = OneStep(200_000, seed: 1);
        AssertClose(exact, corrected, 0.01, "importance-weighted");
        // The test can tell: without the weights the estimate is far off (it follows the argmax, not pi).
        Assert.True(exact.Zip(uncorrected).Max(p => Math.Abs(p.First - p.Second)) > 0.05,
                    $"without weights {string.Join(", ", uncorrected.Select(x => x.ToString("F3")))} against {string.Join(", ", exact.Select(x => x.ToString("F3")))}");
    }

    [Fact]
    public void TheWeightedEstimateIsConsistent()
    {
        var exact = OneStep(1, seed: 0).Exact;
        double Error(int n) => Enumerable.Range(0, 5).Average(seed => OneStep(n, seed + 10).Corrected.Zip(exact).Max(p => Math.Abs(p.First - p.Second)));
        double small = Error(2_000), large = Error(128_000);
        Assert.True(large < small / 3, $"mean max error {small:F4} with 2,000 episodes, {large:F4} with 128,000");
    }

    /// <summary>
    /// Two decisions, as in the env: at the first state NOP ends the episode with its reward and an FPI costs 0.1
    /// and moves on; at the second state every action ends it. The second decision's gradient needs the first
    /// decision's ratio (it decides how often the state is reached), and the first decision's return holds the
    /// second reward, which needs the second ratio: what the per-decision products carry.
    /// </summary>
    [Fact]
    public void PerDecisionWeightsRecoverTheGradientOfATwoStepEpisode()
    {
        var pi0 = Softmax([0.8, 0.0, 0.4, -0.3]);
        var pi1 = Softmax([-0.2, 0.6, 0.1, 0.9]);
        double[] stop = [0.5, -0.1, -0.1, -0.1], second = [0.2, 0.9, -0.4, 0.6];
        double reach = 1 - pi0[0];
        double next = Enumerable.Range(0, Actions).Sum(a => pi1[a] * second[a]);
        var exact0 = new double[Actions];
        var exact1 = new double[Actions];
        for (int a = 0; a < Actions; a++)
            for (int k = 0; k < Actions; k++)
            {
                exact0[k] += pi0[a] * (stop[a] + (a == 0 ? 0 : next)) * Score(pi0, a)[k];
                exact1[k] += reach * pi1[a] * second[a] * Score(pi1, a)[k];
            }

        const int episodes = 200_000;
        var rng = new Random(5);
        var a0 = Enumerable.Range(0, episodes).Select(_ => Behaviour(pi0, rng)).ToArray();
        var moved = a0.Select(a => a != 0).ToArray();
        var a1 = Enumerable.Range(0, episodes).Select(i => moved[i] ? Behaviour(pi1, rng) : -1).ToArray();
        var obs = new float[episodes * Bandit.Observation];
        var rollout = new Rollout(episodes, Bandit.Observation);
        rollout.Steps.Add(new RolloutStep(obs, a0, a0.Select(a => stop[a]).ToArray(), a0.Select(a => a == 0).ToArray(), new bool[episodes],
                                          Enumerable.Repeat(true, episodes).ToArray(), obs));
        rollout.Steps.Add(new RolloutStep(obs, a1, a1.Select(a => a < 0 ? 0 : second[a]).ToArray(), moved, new bool[episodes], moved, obs));
        var data = RolloutData.From(rollout, 1.0, "test", 0);

        // The first `episodes` rows are the first decisions, the rest the second ones.
        var probs = Enumerable.Range(0, data.Count).SelectMany(row => (row < episodes ? pi0 : pi1).Select(p => (float)p)).ToArray();
        var v = Enumerable.Range(0, data.Count).Select(row => row < episodes ? 0.25f : 0.4f).ToArray();
        var c = AgentNetAgent.CorrectedAdvantages(data, AgentNetAgent.ImportanceRatios(data.Actions, probs, probs, Epsilon, Actions), v);
        var g0 = new double[Actions];
        var g1 = new double[Actions];
        for (int row = 0; row < data.Count; row++)
        {
            var (g, pi) = row < episodes ? (g0, pi0) : (g1, pi1);
            for (int k = 0; k < Actions; k++) g[k] += c[row] * Score(pi, data.Actions[row])[k] / episodes;
        }
        AssertClose(exact0, g0, 0.015, "first decision");
        AssertClose(exact1, g1, 0.015, "second decision");
    }

    [Fact]
    public void OnPolicyTheCoefficientIsTheReturnMinusTheBaseline()
    {
        var rollout = new Rollout(2, Bandit.Observation);
        var obs = new float[2 * Bandit.Observation];
        rollout.Steps.Add(new RolloutStep(obs, [1, 0], [-0.1, 0.5], [false, true], [false, false], [true, true], obs));
        rollout.Steps.Add(new RolloutStep(obs, [0, -1], [0.7, 0], [true, false], [false, false], [true, false], obs));
        var data = RolloutData.From(rollout, 1.0, "test", 0);
        var c = AgentNetAgent.CorrectedAdvantages(data, [1, 1, 1], [0.1f, 0.2f, 0.3f]);
        double[] expected = [0.6 - 0.1, 0.5 - 0.2, 0.6 - 0.3];
        Assert.All(expected.Zip(c), p => Assert.Equal(p.First, p.Second, 1e-6));
    }

    [Theory]
    [InlineData("epsilon-end")]
    [InlineData("epsilon-start")]
    public void AgentNetWithImportanceWeightsRefusesAZeroEpsilon(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => AgentRegistry.Create("agentnet", Bandit.Context(), new Dictionary<string, string> { [key] = "0", ["importance-weights"] = "true" }));
        Assert.Contains("pi(a|s) / mu(a|s)", e.Message);
    }
}
