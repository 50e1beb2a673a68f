using DynaLay.Agents;
using DynaLay.Envs.LayerSelection;
using DynaLay.Tests.Envs.LayerSelection;
using TorchSharp;

namespace DynaLay.Tests.Agents;

public class BaselineTests
{
    private const int Batch = 24;

    private static (LayerSelectionEnv Env, AgentContext Ctx) World()
    {
        var (data, network) = TinyWorld.Make("image");
        var env = new LayerSelectionEnv(network, data.Test, new LayerSelectionOptions { BatchSize = Batch, Shuffle = false });
        return (env, AgentContext.For(env));
    }

    /// <summary>Plays the same first batch of the split with the named agent; returns modes, compute and correctness.</summary>
    private static (bool[,] Modes, double[] Compute, bool[] Correct) Play(LayerSelectionEnv env, AgentContext ctx, string name)
    {
        using var agent = AgentRegistry.Create(name, ctx);
        env.Rewind();
        RolloutCollector.Collect(env, agent, explore: false, torch.CPU);
        var correct = Enumerable.Range(0, env.BatchCount).Select(i => env.Predictions[i] == env.Labels[i]).ToArray();
        return ((bool[,])env.Modes.Clone(), (double[])env.ComputeSpent.Clone(), correct);
    }

    [Fact]
    public void AllIteratesEveryLayerAndNopNone()
    {
        var (env, ctx) = World();
        using var _ = env;
        var (modes, _, _) = Play(env, ctx, "all");
        for (int i = 0; i < Batch; i++)
            for (int k = 0; k < env.NumLayers; k++) Assert.True(modes[i, k]);
        Assert.All(env.Terminated, Assert.True);

        var (nopModes, compute, _) = Play(env, ctx, "nop");
        Assert.All(compute, c => Assert.Equal(1.0, c));
        Assert.All(env.Steps, s => Assert.Equal(1, s));
        for (int i = 0; i < Batch; i++)
            for (int k = 0; k < env.NumLayers; k++) Assert.False(nopModes[i, k]);
    }

    [Fact]
    public void FixedIteratesOnlyItsLayerOnce()
    {
        var (env, ctx) = World();
        using var _ = env;
        var (modes, _, _) = Play(env, ctx, "fixed:2");
        for (int i = 0; i < Batch; i++)
            for (int k = 0; k < env.NumLayers; k++) Assert.Equal(k == 1, modes[i, k]);
        Assert.All(env.Steps, s => Assert.Equal(2, s));
        Assert.All(env.Terminated, Assert.True);
    }

    [Fact]
    public void ThresholdIteratesItsLayerOnlyBelowTheConfidenceAndOnlyOnce()
    {
        var layout = new ObservationLayout([2, 2, 2]);
        var ctx = new AgentContext(layout.Size, 3);
        // Rows: confident; unsure; unsure but layer 1 already iterated; ended.
        var obs = new float[4 * layout.Size];
        float[] confidence = [0.9f, 0.2f, 0.2f, 0.1f];
        for (int i = 0; i < 4; i++) obs[i * layout.Size + layout.MaxProbability] = confidence[i];
        obs[2 * layout.Size + layout.ModeStart] = 1;
        using var t = torch.tensor(obs, [4, layout.Size]);
        using var agent = AgentRegistry.Create("threshold:1:0.5", ctx);
        var actions = agent.Act(new AgentInput(t, [true, true, true, false], false, null!)).Actions;
        Assert.Equal([0, 1, 0, LayerSelectionEnv.NoAction], actions);
        Assert.Equal("threshold:1:0.5", agent.Name);
    }

    [Fact]
    public void ATinyThresholdIsNopAndTheEnvAgrees()
    {
        var (env, ctx) = World();
        using var _ = env;
        var (modes, compute, _) = Play(env, ctx, "threshold:3:1e-9");
        Assert.All(compute, c => Assert.Equal(1.0, c));
        for (int i = 0; i < Batch; i++)
            for (int k = 0; k < env.NumLayers; k++) Assert.False(modes[i, k]);
    }

    [Theory]
    [InlineData("threshold:4:0.5", "K must be in 1..3")]
    [InlineData("threshold:1:1.5", "P must be in (0, 1]")]
    [InlineData("threshold:1:0", "P must be in (0, 1]")]
    [InlineData("threshold:1", "write threshold:K:P")]
    [InlineData("threshold:a:0.5", "write threshold:K:P")]
    public void BadThresholdNamesSayWhatIsWrong(string name, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => AgentRegistry.Create(name, new AgentContext(13, 3)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void RandomIsSeededAndUsesEveryAction()
    {
        var ctx = new AgentContext(8, 3, seed: 5);
        var active = Enumerable.Repeat(true, 200).ToArray();
        using var obs = torch.zeros(200, 8);
        using var a = AgentRegistry.Create("random", ctx);
        using var b = AgentRegistry.Create("random", ctx);
        var first = a.Act(new AgentInput(obs, active, true, null!)).Actions;
        Assert.Equal(first, b.Act(new AgentInput(obs, active, true, null!)).Actions);
        Assert.Equal([0, 1, 2, 3], first.Distinct().Order());
    }

    [Fact]
    public void OracleIsCheapWhenRightAndAtLeastAsAccurateAsEveryFixedLayer()
    {
        var (env, ctx) = World();
        using var _ = env;
        var (_, allCompute, _) = Play(env, ctx, "all");
        var (_, oracleCompute, oracleCorrect) = Play(env, ctx, "oracle");
        for (int i = 0; i < Batch; i++)
            if (oracleCorrect[i]) Assert.True(oracleCompute[i] <= allCompute[i] + 1e-9, $"sample {i}: oracle {oracleCompute[i]} > all {allCompute[i]}");

        int oracleHits = oracleCorrect.Count(c => c);
        foreach (var name in new[] { "nop", "all" }.Concat(Enumerable.Range(1, env.NumLayers).Select(k => $"fixed:{k}")))
        {
            var (_, _, correct) = Play(env, ctx, name);
            Assert.True(oracleHits >= correct.Count(c => c), $"oracle {oracleHits} right < {name} {correct.Count(c => c)}");
        }
    }

    [Fact]
    public void BaselinesSaveAndRefuseOtherFiles()
    {
        var dir = Directory.CreateTempSubdirectory("dynalay-baseline-").FullName;
        try
        {
            var ctx = new AgentContext(8, 3);
            string path = Path.Combine(dir, "nop.agent");
            using var nop = AgentRegistry.Create("nop", ctx);
            nop.Save(path);
            nop.Load(path);
            using var all = AgentRegistry.Create("all", ctx);
            Assert.Contains("'nop'", Assert.Throws<InvalidDataException>(() => all.Load(path)).Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
