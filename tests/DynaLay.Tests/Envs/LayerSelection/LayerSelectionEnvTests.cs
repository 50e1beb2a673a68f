using DynaLay.Envs.LayerSelection;
using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Tests.Envs.LayerSelection;

public class LayerSelectionEnvTests
{
    private static int[] All(int batch, int action) => Enumerable.Repeat(action, batch).ToArray();

    [Theory, InlineData("image"), InlineData("text")]
    public void NopAtOnceGivesTheStraightPredictionAndThePaperReward(string kind)
    {
        using var env = TinyWorld.Env(kind);
        env.ResetBatch(seed: 1);
        var straight = Straight(env);
        var r = env.StepBatch(All(env.BatchCount, 0));
        var reward = (PaperReward)env.Options.Reward;
        for (int i = 0; i < env.BatchCount; i++)
        {
            Assert.True(r.Terminated[i]);
            Assert.False(r.Truncated[i]);
            Assert.Equal(straight[i], env.Predictions[i]);
            double acc = env.Predictions[i] == env.Labels[i] ? 1 : 0;
            Assert.Equal(reward.Alpha * acc - reward.Beta * 1.0, r.Rewards[i], 9);
            Assert.Equal(1.0, env.Penalty[i], 9);
        }
    }

    private static long[] Straight(LayerSelectionEnv env)
    {
        using var _ = no_grad();
        var data = TinyWorld.Make(env.Network!.Config.Kind == NetworkKind.Image ? "image" : "text").Data;
        using var b = data.Test.Take(env.SampleIndices);
        using var output = env.Network!.Forward(b.Inputs, LayerModes.Model(0, env.NumLayers), env.Options.Solver);
        return output.Logits.argmax(1).data<long>().ToArray();
    }

    [Theory, InlineData("image"), InlineData("text")]
    public void ChoosingALayerIteratesItAndChoosingItAgainOnlyCostsThePenalty(string kind)
    {
        using var env = TinyWorld.Env(kind, options: new LayerSelectionOptions { StepBudget = 5 });
        env.ResetBatch(seed: 2);
        int b = env.BatchCount;
        var first = env.StepBatch(All(b, 2));
        Assert.All(Enumerable.Range(0, b), i =>
        {
            Assert.True(env.Iterations[i, 1] > 0);
            Assert.Equal(0, env.Iterations[i, 0]);
            Assert.True(env.Modes[i, 1]);
            Assert.True(env.ComputeSpent[i] > 1.0);
        });
        var obsBefore = (float[])env.Observations.Clone();
        var penaltyBefore = (double[])env.Penalty.Clone();
        var computeBefore = (double[])env.ComputeSpent.Clone();
        var iterationsBefore = (int[,])env.Iterations.Clone();
        var predictionsBefore = (long[])env.Predictions.Clone();

        var again = env.StepBatch(All(b, 2));
        var reward = (PaperReward)env.Options.Reward;
        var layout = env.Layout;
        for (int i = 0; i < b; i++)
        {
            Assert.Equal(computeBefore[i], env.ComputeSpent[i]);
            Assert.Equal(predictionsBefore[i], env.Predictions[i]);
            Assert.Equal(iterationsBefore[i, 1], env.Iterations[i, 1]);
            Assert.Equal(penaltyBefore[i] + reward.RedundancyPenalty, env.Penalty[i], 9);
            Assert.Equal(-reward.Beta * reward.RedundancyPenalty, again.Rewards[i], 9);
            // Only the penalty and the step fraction of the observation move.
            for (int d = 0; d < layout.Size; d++)
                if (d != layout.Penalty && d != layout.StepFraction)
                    Assert.Equal(obsBefore[i * layout.Size + d], env.Observations[i * layout.Size + d]);
        }
    }

    /// <summary>
    /// The probe reads, per layer, one iteration's relative residual at the layer's output: positive for a straight
    /// layer, near the solver's tolerance for a solved one. Reset is charged one iteration of every layer on top of
    /// the straight pass, and FPI on layer k one iteration of layers k..L on top of what it costs without the probe.
    /// </summary>
    [Theory, InlineData("image"), InlineData("text")]
    public void TheProbeReadsTheDistanceToEachFixedPointAndIsCharged(string kind)
    {
        var solver = new FpiOptions { Tolerance = 1e-4, MaxIterations = 100 };
        using var plain = TinyWorld.Env(kind, options: new LayerSelectionOptions { Solver = solver });
        using var probed = TinyWorld.Env(kind, options: new LayerSelectionOptions { Solver = solver, Observation = ObservationExtras.Probe });
        plain.ResetBatch(seed: 4);
        probed.ResetBatch(seed: 4);
        int b = probed.BatchCount, layers = probed.NumLayers, at = probed.Layout.ProbeStart, d = probed.Layout.Size;
        var costs = probed.Backend.Costs;
        Assert.Equal(["layer1_probe", "layer2_probe", "layer3_probe"], probed.Layout.Names().Skip(at).Take(layers));
        Assert.Equal(1.0 + costs.Iteration.Sum(), costs.Reset, 12);
        for (int i = 0; i < b; i++)
        {
            Assert.Equal(costs.Reset, probed.ComputeSpent[i], 12);
            for (int k = 0; k < layers; k++) Assert.True(probed.Observations[i * d + at + k] > 1e-3, $"sample {i}, layer {k + 1}: a straight output is not its fixed point");
        }
        // The layers' features are the plain observation's.
        for (int i = 0; i < b; i++)
            Assert.Equal(plain.Observations.AsSpan(i * plain.Layout.Size, at).ToArray(), probed.Observations.AsSpan(i * d, at).ToArray());

        var before = (double[])probed.ComputeSpent.Clone();
        var observed = (float[])probed.Observations.Clone();
        var plainBefore = (double[])plain.ComputeSpent.Clone();
        plain.StepBatch(All(b, 2));
        probed.StepBatch(All(b, 2));
        for (int i = 0; i < b; i++)
        {
            Assert.True(probed.Observations[i * d + at + 1] < 2 * solver.Tolerance, $"sample {i}: layer 2 was solved, its probe is {probed.Observations[i * d + at + 1]}");
            // Layer 1's output did not change, nor did its probe.
            Assert.Equal(observed[i * d + at], probed.Observations[i * d + at]);
            double probe = costs.Iteration[1] + costs.Iteration[2];
            Assert.Equal(plain.ComputeSpent[i] - plainBefore[i] + probe, probed.ComputeSpent[i] - before[i], 9);
        }
    }

    [Fact]
    public void RepeatPlaysEverySampleOfTheBatchSeveralTimesSideBySide()
    {
        using var env = TinyWorld.Env("image", batch: 5);
        var once = (float[])env.ResetBatch(seed: 6).Clone();
        var samples = env.SampleIndices;
        int d = env.Layout.Size;
        env.Rewind(6);
        env.ResetBatch(resetOptions: new Dictionary<string, object> { ["repeat"] = 3 });
        Assert.Equal(samples.SelectMany(i => new[] { i, i, i }), env.SampleIndices);
        for (int i = 0; i < 15; i++)
            Assert.Equal(once.AsSpan(i / 3 * d, d).ToArray(), env.Observations.AsSpan(i * d, d).ToArray());
        // The next batch follows the same order as without repeats.
        env.ResetBatch(resetOptions: new Dictionary<string, object> { ["repeat"] = 2 });
        Assert.Equal(10, env.BatchCount);
        var e = Assert.Throws<ArgumentException>(() => env.ResetBatch(resetOptions: new Dictionary<string, object> { ["repeat"] = 0 }));
        Assert.Contains("'repeat' must be an int >= 1", e.Message);
    }

    [Fact]
    public void EpisodeReturnIsThePapersReward()
    {
        using var env = TinyWorld.Env("image");
        env.ResetBatch(seed: 3);
        int b = env.BatchCount;
        var returns = new double[b];
        var rng = new Random(5);
        while (!env.AllDone)
        {
            var actions = Enumerable.Range(0, b).Select(i => env.Done(i) ? LayerSelectionEnv.NoAction : rng.Next(0, 4)).ToArray();
            var r = env.StepBatch(actions);
            for (int i = 0; i < b; i++) returns[i] += r.Rewards[i];
        }
        var reward = (PaperReward)env.Options.Reward;
        for (int i = 0; i < b; i++)
        {
            double acc = env.Predictions[i] == env.Labels[i] ? 1 : 0;
            Assert.Equal(reward.Alpha * acc - reward.Beta * env.Penalty[i], returns[i], 9);
            Assert.True(env.Penalty[i] >= env.ComputeSpent[i] - 1e-12);
        }
    }

    [Fact]
    public void TruncatesAtTheStepBudget()
    {
        using var env = TinyWorld.Env("image", batch: 2);
        env.ResetBatch(seed: 4);
        foreach (int a in new[] { 1, 2, 3 })
        {
            var r = env.StepBatch([a, a]);
            Assert.False(r.Truncated[0]);
            Assert.False(r.Terminated[0]);
        }
        var last = env.StepBatch([1, 0]);
        Assert.True(last.Truncated[0]);
        Assert.False(last.Terminated[0]);
        Assert.True(last.Terminated[1]);
        Assert.False(last.Truncated[1]);
        Assert.True(env.AllDone);
    }

    [Fact]
    public void SteppingAnEndedEpisodeOrBeforeResetFailsClearly()
    {
        using var env = TinyWorld.Env("image", batch: 2);
        var before = Assert.Throws<InvalidOperationException>(() => env.StepBatch([0, 0]));
        Assert.Contains("Reset", before.Message);
        env.ResetBatch(seed: 5);
        env.StepBatch([0, 1]);
        var ended = Assert.Throws<InvalidOperationException>(() => env.StepBatch([0, 1]));
        Assert.Contains("already terminated", ended.Message);
        Assert.Contains("NoAction", ended.Message);
        env.StepBatch([LayerSelectionEnv.NoAction, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => { env.ResetBatch(); env.StepBatch([7, 0]); });
    }

    [Fact]
    public void SameSeedSameEpisodes()
    {
        float[] Run(int seed)
        {
            using var env = TinyWorld.Env("image");
            env.ResetBatch(seed: seed);
            env.StepBatch(Enumerable.Range(0, env.BatchCount).Select(i => i % 4).ToArray());
            return env.Observations.Concat(env.SampleIndices.Select(i => (float)i)).ToArray();
        }
        Assert.Equal(Run(9), Run(9));
        Assert.NotEqual(Run(9), Run(10));
    }

    [Theory, InlineData("image"), InlineData("text")]
    public void GroupedExecutionEqualsPerSampleExecution(string kind)
    {
        var options = new LayerSelectionOptions { Solver = new FpiOptions { Tolerance = 1e-4, MaxIterations = 30 } };
        using var env = TinyWorld.Env(kind, batch: 8, options: options);
        env.ResetBatch(seed: 6);
        var plan = new[] { new[] { 1, 2, 3, 0, 2, 1, 3, 0 }, new[] { 3, 0, 1, 0, 0, 2, 2, 0 } };
        foreach (var step in plan)
            env.StepBatch(step.Select((a, i) => env.Done(i) ? LayerSelectionEnv.NoAction : a).ToArray());
        using var batchLogits = env.Logits.detach().clone();

        for (int i = 0; i < 8; i++)
        {
            using var single = new LayerSelectionEnv(env.Network!, TinyWorld.Make(kind).Data.Test, options with { BatchSize = 1 });
            single.ResetBatch(resetOptions: new Dictionary<string, object> { ["indices"] = new[] { env.SampleIndices[i] } });
            foreach (var step in plan)
                if (!single.Done(0)) single.StepBatch([step[i]]);
            using var row = batchLogits.narrow(0, i, 1);
            Assert.True(allclose(single.Logits, row, rtol: 1e-4, atol: 1e-5), $"sample {i} differs");
            for (int k = 0; k < 3; k++) Assert.Equal(single.Iterations[0, k], env.Iterations[i, k]);
            Assert.Equal(single.ComputeSpent[0], env.ComputeSpent[i], 9);
        }
    }

    [Fact]
    public void KeptGraphReachesTheMainNetworkThroughTheChosenPath()
    {
        using var env = TinyWorld.Env("image", batch: 4, options: new LayerSelectionOptions { KeepGraph = true });
        env.ResetBatch(seed: 7);
        env.StepBatch([1, 0, 2, 0]);
        env.StepBatch([0, LayerSelectionEnv.NoAction, 0, LayerSelectionEnv.NoAction]);
        env.Network!.zero_grad();
        using var loss = nn.functional.cross_entropy(env.Logits, env.LabelTensor);
        loss.backward();
        var grads = env.Network!.named_parameters().Where(p => p.parameter.grad is not null).Select(p => p.name).ToList();
        Assert.Contains(grads, n => n == "blocks.0.recurrent");
        Assert.Contains(grads, n => n == "blocks.1.recurrent");
        Assert.DoesNotContain(grads, n => n == "blocks.2.recurrent");
    }
}
