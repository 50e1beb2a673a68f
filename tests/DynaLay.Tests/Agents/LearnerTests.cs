using DynaLay.Agents;
using DynaLay.Envs.LayerSelection;
using DynaLay.Tests.Envs.LayerSelection;
using TorchSharp;

namespace DynaLay.Tests.Agents;

public class LearnerTests
{
    public static TheoryData<string, string> Learners => new()
    {
        { "reinforce", "lr=1e-2" },
        { "reinforce-sc", "lr=1e-2" },
        { "reinforce-loo", "lr=1e-2" },
        { "reinforce-value", "lr=1e-2" },
        { "dqn", "lr=3e-3;learning-starts=64;batch-size=64;train-frequency=16;epsilon-decay-decisions=4000;target-update-interval=50" },
        { "agentnet", "lr=1e-2" },
        { "ppo", "lr=1e-2" },
    };

    internal static Dictionary<string, string> Parse(string overrides) => overrides.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);

    [Theory]
    [MemberData(nameof(Learners))]
    public void LearnsToPreferTheBestAction(string name, string overrides)
    {
        using var agent = AgentRegistry.Create(name, Bandit.Context(), Parse(overrides));
        var rng = new Random(1);
        for (int i = 0; i < 200; i++) agent.Learn(Bandit.Play(agent, rng));
        double frequency = Bandit.GreedyBestFrequency(agent);
        Assert.True(frequency > 0.9, $"{name}: greedy picks the best action {frequency:P0} of the time.");
    }

    /// <summary>
    /// The env's shape in one step: a fifth of the samples are hard (the first feature below -1.2), and the
    /// sample decides most of the reward: an easy one earns 0.2 with NOP and 0.1 with any FPI (its cost); a
    /// hard one earns -0.3 with NOP or a useless FPI, and 0.1 only with FPI on layer 2. The learner must
    /// spend compute on the hard samples alone, with its default hyperparameters. A baseline that ignores the
    /// state, or a softmax that saturates on NOP, settles on NOP everywhere.
    /// </summary>
    [Theory]
    [InlineData("reinforce")]
    [InlineData("reinforce-loo")]
    [InlineData("dqn")]
    [InlineData("agentnet")]
    [InlineData("ppo")]
    public void LearnsToSpendComputeOnTheHardSamplesOnly(string name)
    {
        static bool Hard(float[] obs, int row) => obs[row * Bandit.Observation] < -1.2f;
        static double Reward(float[] obs, int row, int action) => Hard(obs, row)
            ? action == 2 ? 0.1 : action == 0 ? -0.3 : -0.4
            : action == 0 ? 0.2 : 0.1;

        using var agent = AgentRegistry.Create(name, Bandit.Context(), new Dictionary<string, string>());
        var rng = new Random(1);
        for (int i = 0; i < 1500; i++) agent.Learn(Bandit.Play(agent, rng, 64, Reward));

        var obs = Bandit.Observations(new Random(123), 2048);
        var actions = Bandit.Act(agent, obs, explore: false);
        var hard = Enumerable.Range(0, actions.Length).Where(i => Hard(obs, i)).ToArray();
        var easy = Enumerable.Range(0, actions.Length).Where(i => !Hard(obs, i)).ToArray();
        double hardRight = hard.Count(i => actions[i] == 2) / (double)hard.Length;
        double easyRight = easy.Count(i => actions[i] == 0) / (double)easy.Length;
        Assert.True(hardRight > 0.8 && easyRight > 0.8, $"{name}: FPI-2 on {hardRight:P0} of the hard samples, NOP on {easyRight:P0} of the easy ones.");
    }

    /// <summary>
    /// Two decisions at most, as in the env: NOP pays 0.5 and ends; an FPI costs 0.1 and moves on; at the
    /// second decision the budget ends the episode whatever the action, the answer (0.5) paid with it. So
    /// NOP first is worth 0.5 and FPI first at most 0.4 + 0 future. Bootstrapping past the budget would
    /// add a phantom continuation to the last step and make FPI look better.
    /// </summary>
    [Fact]
    public void DqnDoesNotBootstrapPastTheStepBudget()
    {
        var overrides = Parse("lr=3e-3;learning-starts=64;batch-size=64;train-frequency=4;epsilon-decay-decisions=1500;target-update-interval=50;gamma=0.99");
        using var agent = AgentRegistry.Create("dqn", Bandit.Context(), overrides);
        var rng = new Random(3);
        const int batch = 64, d = Bandit.Observation;
        float[] State(int step)
        {
            var o = Bandit.Observations(rng, batch);
            for (int i = 0; i < batch; i++) o[i * d] = step;
            return o;
        }
        for (int round = 0; round < 60; round++)
        {
            var first = State(0);
            var a0 = Bandit.Act(agent, first, explore: true);
            var second = State(1);
            var a1 = Bandit.Act(agent, second, explore: true);
            var moved = a0.Select(a => a != 0).ToArray();
            var rollout = new Rollout(batch, d);
            rollout.Steps.Add(new RolloutStep(first, a0, a0.Select(a => a == 0 ? 0.5 : -0.1).ToArray(),
                a0.Select(a => a == 0).ToArray(), new bool[batch], Enumerable.Repeat(true, batch).ToArray(), second));
            var actions1 = a1.Select((a, i) => moved[i] ? a : LayerSelectionEnv.NoAction).ToArray();
            rollout.Steps.Add(new RolloutStep(second, actions1, actions1.Select(a => a < 0 ? 0 : a == 0 ? 0.5 : 0.4).ToArray(),
                actions1.Select(a => a == 0).ToArray(), actions1.Select(a => a > 0).ToArray(), moved, second));
            agent.Learn(rollout);
        }
        rng = new Random(99);
        var greedy = Bandit.Act(agent, State(0), explore: false);
        double nop = greedy.Count(a => a == 0) / (double)batch;
        Assert.True(nop > 0.9, $"dqn NOPs at the first decision {nop:P0} of the time.");
    }

    /// <summary>
    /// Two episodes that FPI once (-0.1) and then answer (+0.5), two that answer at once (+0.4): every return is 0.4,
    /// and so is the per-sample baseline (the greedy return; the others' mean). No decision did better or worse than
    /// the baseline, so the update has nothing to push: its loss is 0 (without the entropy bonus). Weighing the
    /// second decision by its reward-to-go (0.5) would credit it with the 0.1 of compute already paid.
    /// </summary>
    [Theory]
    [InlineData("reinforce-sc")]
    [InlineData("reinforce-loo")]
    public void APerSampleBaselineDoesNotCreditALateDecisionWithTheComputeAlreadyPaid(string name)
    {
        using var agent = AgentRegistry.Create(name, Bandit.Context(), Parse("entropy-coefficient=0;normalize-advantages=false"));
        const int d = Bandit.Observation;
        var first = new float[4 * d];
        var second = new float[4 * d];
        for (int i = 0; i < 4; i++) { first[i * d] = 1; second[i * d] = 2; }
        bool[] all = [true, true, true, true], fpi = [true, true, false, false];
        var rollout = new Rollout(4, d);
        rollout.Steps.Add(new RolloutStep(first, [1, 1, 0, 0], [-0.1, -0.1, 0.4, 0.4], [false, false, true, true], new bool[4], all, second));
        const int none = LayerSelectionEnv.NoAction;
        rollout.Steps.Add(new RolloutStep(second, [0, 0, none, none], [0.5, 0.5, 0, 0], fpi, new bool[4], fpi, second));
        if (agent is IGreedyRolloutLearner) rollout.GreedyReturns = [0.4, 0.4, 0.4, 0.4];
        var update = agent.Learn(rollout);
        Assert.Equal(0.0, update.Loss, 6);
    }

    [Theory]
    [InlineData("reinforce")]
    [InlineData("reinforce-value")]
    [InlineData("reinforce-sc")]
    [InlineData("reinforce-loo")]
    [InlineData("dqn")]
    [InlineData("agentnet")]
    [InlineData("ppo")]
    public void AnUpdateLeavesTheFrozenMainNetworkBitIdentical(string name)
    {
        var (data, network) = TinyWorld.Make("image");
        foreach (var p in network.parameters()) p.requires_grad = false;
        using var env = new LayerSelectionEnv(network, data.Test, new LayerSelectionOptions { BatchSize = 16 });
        var before = network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var overrides = name == "dqn" ? new Dictionary<string, string> { ["learning-starts"] = "1", ["batch-size"] = "16" } : null;
        using var agent = AgentRegistry.Create(name, AgentContext.For(env), overrides);
        for (int i = 0; i < 3; i++)
        {
            var rollout = RolloutCollector.Collect(env, agent, explore: true, torch.CPU,
                resetOptions: agent is IGroupRolloutLearner g ? new Dictionary<string, object> { ["repeat"] = g.GroupSize } : null);
            if (agent is IGreedyRolloutLearner) rollout.GreedyReturns = new double[rollout.Batch];
            var update = agent.Learn(rollout);
            Assert.True(double.IsFinite(update.Loss));
        }
        foreach (var (key, value) in network.state_dict())
            Assert.True(value.equal(before[key]).all().item<bool>(), $"{key} of the main network changed.");
    }

    [Theory]
    [InlineData("reinforce")]
    [InlineData("reinforce-value")]
    [InlineData("reinforce-sc")]
    [InlineData("reinforce-loo")]
    [InlineData("dqn")]
    [InlineData("agentnet")]
    [InlineData("ppo")]
    public void NanRewardsThrowNamingTheAgent(string name)
    {
        using var agent = AgentRegistry.Create(name, Bandit.Context());
        var rollout = Bandit.Play(agent, new Random(0), reward: _ => double.NaN);
        var e = Assert.Throws<AgentDivergedException>(() => agent.Learn(rollout));
        Assert.Contains(name, e.Message);
        Assert.Equal(name, e.Agent);
    }

    [Theory]
    [InlineData("reinforce")]
    [InlineData("reinforce-value")]
    [InlineData("reinforce-sc")]
    [InlineData("reinforce-loo")]
    [InlineData("dqn")]
    [InlineData("agentnet")]
    [InlineData("ppo")]
    public void NanObservationsThrowNamingTheAgent(string name)
    {
        using var agent = AgentRegistry.Create(name, Bandit.Context());
        var obs = Bandit.Observations(new Random(0), 4);
        obs[3] = float.NaN;
        var e = Assert.Throws<AgentDivergedException>(() => Bandit.Act(agent, obs, explore: false));
        Assert.Contains(name, e.Message);
        Assert.Contains("update 0", e.Message);

        var rollout = new Rollout(4, Bandit.Observation);
        var all = Enumerable.Repeat(true, 4).ToArray();
        rollout.Steps.Add(new RolloutStep(obs, [0, 1, 2, 3], [1, 1, 1, 1], all, new bool[4], all, new float[obs.Length]));
        e = Assert.Throws<AgentDivergedException>(() => agent.Learn(rollout));
        Assert.Contains(name, e.Message);
    }

    [Theory]
    [InlineData("reinforce")]
    [InlineData("reinforce-value")]
    [InlineData("reinforce-sc")]
    [InlineData("reinforce-loo")]
    [InlineData("dqn")]
    [InlineData("agentnet")]
    [InlineData("ppo")]
    public void SaveLoadRoundTripGivesIdenticalGreedyActions(string name)
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "agent.bin");
        using var trained = AgentRegistry.Create(name, Bandit.Context(seed: 1), name == "dqn" ? new Dictionary<string, string> { ["learning-starts"] = "32" } : null);
        var rng = new Random(3);
        for (int i = 0; i < 5; i++) trained.Learn(Bandit.Play(trained, rng));
        trained.Save(path);

        using var fresh = AgentRegistry.Create(name, Bandit.Context(seed: 2));
        fresh.Load(path);
        var obs = Bandit.Observations(new Random(9), 256);
        Assert.Equal(Bandit.Act(trained, obs, false), Bandit.Act(fresh, obs, false));
        Assert.Equal(trained.Exploration, fresh.Exploration);
    }

    [Fact]
    public void LoadingAFileWithoutTheValueBaselineFailsClearly()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "agentnet.bin");
        using (var plain = AgentRegistry.Create("agentnet", Bandit.Context(), new Dictionary<string, string> { ["value-baseline"] = "false" })) plain.Save(path);
        using var withValue = AgentRegistry.Create("agentnet", Bandit.Context());
        var e = Assert.Throws<InvalidDataException>(() => withValue.Load(path));
        Assert.Contains("without extra networks", e.Message);
        Assert.Contains("with a value network", e.Message);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void AReinforceValueFileDoesNotLoadIntoReinforce()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "reinforce-value.bin");
        using (var value = AgentRegistry.Create("reinforce-value", Bandit.Context())) value.Save(path);
        using var plain = AgentRegistry.Create("reinforce", Bandit.Context());
        var e = Assert.Throws<InvalidDataException>(() => plain.Load(path));
        Assert.Contains("'reinforce-value'", e.Message);
    }

    /// <summary>
    /// Runs from before the baselines were agents of their own record reinforce's options with baseline and
    /// value-learning-rate in config.json (camelCase, as RunConfig writes them).
    /// </summary>
    [Fact]
    public void OldReinforceOptionsStillLoadWithTheDefaultBaseline()
    {
        var old = new Dictionary<string, string>
        {
            ["hidden"] = "64",
            ["learningRate"] = "0.001",
            ["gamma"] = "1",
            ["baseline"] = "movingAverage",
            ["valueLearningRate"] = "0.001",
            ["baselineMomentum"] = "0.9",
            ["entropyCoefficient"] = "0.05",
            ["maxGradNorm"] = "0.5",
            ["normalizeAdvantages"] = "true",
        };
        using var agent = AgentRegistry.Create("reinforce", Bandit.Context(), old);
        Assert.Equal(new ReinforceAgent.Hyperparameters(), agent.Options);
    }

    [Theory]
    [InlineData("value", "reinforce-value")]
    [InlineData("self-critical", "reinforce-sc")]
    [InlineData("selfCritical", "reinforce-sc")]
    public void TheOtherOldBaselinesNameTheirNewAgent(string baseline, string agent)
    {
        var e = Assert.Throws<ArgumentException>(() => AgentRegistry.Create("reinforce", Bandit.Context(),
            new Dictionary<string, string> { ["baseline"] = baseline, ["valueLearningRate"] = "0.001" }));
        Assert.Contains($"'{agent}'", e.Message);
        Assert.Contains($"--agent {agent}", e.Message);
    }

    [Fact]
    public void LoadingADqnFileIntoReinforceFailsClearly()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "dqn.bin");
        using (var dqn = AgentRegistry.Create("dqn", Bandit.Context())) dqn.Save(path);
        using var pg = AgentRegistry.Create("reinforce", Bandit.Context());
        var e = Assert.Throws<InvalidDataException>(() => pg.Load(path));
        Assert.Contains("'dqn'", e.Message);
        Assert.Contains("'reinforce'", e.Message);
    }

    [Fact]
    public void LoadingAFileOfOtherSizesFailsClearly()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "pg.bin");
        using (var small = AgentRegistry.Create("reinforce", Bandit.Context())) small.Save(path);
        using var other = AgentRegistry.Create("reinforce", new AgentContext(Bandit.Observation + 1, Bandit.Layers));
        var e = Assert.Throws<InvalidDataException>(() => other.Load(path));
        Assert.Contains("observations of 6", e.Message);
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("dynalay-agents-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
