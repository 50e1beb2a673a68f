using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Envs.Tabulated;
using DynaLay.Fpi;
using DynaLay.Tests.Envs.LayerSelection;
using static TorchSharp.torch;

namespace DynaLay.Tests.Envs.Tabulated;

public class TableAnalysisTests
{
    /// <summary>
    /// A table of the tiny image network whose predictions are redrawn (right for about 40% of the (sample, set)
    /// cells): the untrained network answers the same class under every set, which would leave nothing to choose.
    /// </summary>
    private static readonly Lazy<(ModeSetTable Table, DataSplit Split)> World = new(() =>
    {
        var (data, network) = TinyWorld.Make("image");
        var table = ModeSetTableBuilder.Build(network, data.Test, new FpiOptions(), "test", CPU, chunk: 13);
        var random = new Random(5);
        for (int s = 0; s < table.Samples; s++)
            for (int set = 0; set < table.Sets; set++)
                table.Predictions[table.Cell(s, set)] = (int)table.Labels[s] + (random.NextDouble() < 0.4 ? 0 : 1);
        return (table, data.Test);
    });

    private sealed record Played(double[] Returns, double[] Penalty, bool[] Correct);

    /// <summary>Steps a tabulated environment over every sample at once; <paramref name="policy"/> picks each active episode's action.</summary>
    private static Played Run(LayerSelectionOptions options, Func<LayerSelectionEnv, int, int> policy)
    {
        var (table, split) = World.Value;
        long[] samples = Enumerable.Range(0, table.Samples).Select(i => (long)i).ToArray();
        using var env = new LayerSelectionEnv(new TableBackend(table, split), split, options with { BatchSize = samples.Length, Shuffle = false });
        env.ResetBatch(resetOptions: new Dictionary<string, object> { ["indices"] = samples });
        var returns = new double[samples.Length];
        while (!env.AllDone)
        {
            var actions = Enumerable.Range(0, samples.Length).Select(i => env.Done(i) ? LayerSelectionEnv.NoAction : policy(env, i)).ToArray();
            var step = env.StepBatch(actions);
            for (int i = 0; i < samples.Length; i++)
                if (step.Active[i]) returns[i] += step.Rewards[i];
        }
        return new Played(returns, (double[])env.Penalty.Clone(), Enumerable.Range(0, samples.Length).Select(i => env.Predictions[i] == env.Labels[i]).ToArray());
    }

    /// <summary>Every action sequence a budget allows: up to <paramref name="budget"/> layer picks (repeats included), closed by NOP unless truncated; shortest first, then lexicographic.</summary>
    private static List<int[]> Sequences(int layers, int budget)
    {
        var all = new List<int[]>();
        var level = new List<int[]> { Array.Empty<int>() };
        for (int length = 0; length <= budget; length++)
        {
            all.AddRange(level.Select(p => length < budget ? [.. p, 0] : p));
            level = [.. level.SelectMany(p => Enumerable.Range(1, layers).Select(k => p.Append(k).ToArray()))];
        }
        return [.. all.OrderBy(s => s.Length).ThenBy(s => string.Join(",", s), StringComparer.Ordinal)];
    }

    /// <summary>Beta 0 makes many sequences tie exactly: the shortest, then lexicographically smallest, must win.</summary>
    [Theory, InlineData(null, 0.3), InlineData(2, 0.3), InlineData(5, 0.3), InlineData(null, 0.0)]
    public void TheClairvoyantBeatsEverySequenceAndStepsAsTheEnvironment(int? budget, double beta)
    {
        var (table, _) = World.Value;
        var reward = new PaperReward(Beta: beta);
        double agentFlops = 0.02 * table.Costs.PassFlops;
        var options = new LayerSelectionOptions { Reward = reward, AgentFlopsPerDecision = agentFlops, StepBudget = budget };
        var best = TableAnalysis.Clairvoyant(table, reward, budget, agentFlops);

        var top = new double[table.Samples];
        var topActions = new int[table.Samples][];
        Array.Fill(top, double.NegativeInfinity);
        foreach (var sequence in Sequences(table.NumLayers, budget ?? table.NumLayers + 1))
        {
            var played = Run(options, (env, i) => sequence[env.Steps[i]]);
            for (int i = 0; i < table.Samples; i++)
            {
                Assert.True(best.Returns[i] >= played.Returns[i], $"sample {i}: [{string.Join(",", sequence)}] returns {played.Returns[i]} > {best.Returns[i]}");
                if (played.Returns[i] > top[i]) (top[i], topActions[i]) = (played.Returns[i], sequence);
            }
        }
        Assert.Equal(top, best.Returns);
        Assert.Equal(topActions, best.Actions);

        var replay = Run(options, (env, i) => best.Actions[i][env.Steps[i]]);
        Assert.Equal(replay.Returns, best.Returns);
        Assert.Equal(replay.Penalty, best.Compute);
        Assert.Equal(replay.Correct, best.Correct);
        Assert.Equal(1.0, best.ActionFrequencies.Sum(), 1e-12);
        Assert.Contains(best.Actions, a => a.Length > 1);
    }

    [Fact]
    public void WithoutPenaltyTheClairvoyantIsRightWheneverASetIsAndWithAHugeOneItStops()
    {
        var (table, _) = World.Value;
        var free = TableAnalysis.Clairvoyant(table, new PaperReward(0.5, 0, 0.1));
        bool Right(int s, int set) => table.Predictions[table.Cell(s, set)] == table.Labels[s];
        for (int set = 0; set < table.Sets; set++)
            Assert.True(free.Accuracy >= Enumerable.Range(0, table.Samples).Count(s => Right(s, set)) / (double)table.Samples);
        double anySet = Enumerable.Range(0, table.Samples).Count(s => Enumerable.Range(0, table.Sets).Any(set => Right(s, set))) / (double)table.Samples;
        Assert.Equal(anySet, free.Accuracy);

        var costly = TableAnalysis.Clairvoyant(table, new PaperReward(Beta: 100));
        Assert.All(costly.Actions, a => Assert.Equal(new[] { 0 }, a));
        Assert.Equal(1.0, costly.ActionFrequencies[0]);
    }

    [Fact]
    public void RulesMatchTheEnvironment()
    {
        var (table, _) = World.Value;
        var reward = new PaperReward();
        var options = new LayerSelectionOptions { Reward = reward };
        void Same(Played expected, PolicySummary actual)
        {
            Assert.Equal(expected.Returns.Average(), actual.MeanReturn, 1e-12);
            Assert.Equal(expected.Correct.Count(c => c) / (double)expected.Correct.Length, actual.Accuracy);
            Assert.Equal(expected.Penalty.Average(), actual.MeanCompute, 1e-12);
        }

        var nop = TableAnalysis.FixedSet(table, reward, [], "nop");
        Same(Run(options, (_, _) => 0), nop);
        Assert.Equal(nop with { Name = "threshold:2:0" }, TableAnalysis.Threshold(table, reward, 2, 0));

        int layers = table.NumLayers;
        Same(Run(options, (env, i) => Enumerable.Range(1, layers).FirstOrDefault(k => !env.Modes[i, k - 1])),
             TableAnalysis.FixedSet(table, reward, [.. Enumerable.Range(1, layers)], "all"));
        Same(Run(options, (env, i) => env.Modes[i, 1] ? 0 : 2), TableAnalysis.FixedSet(table, reward, [2], "fixed:2"));

        // A threshold that splits the samples: the median straight-pass confidence.
        var confidence = Enumerable.Range(0, table.Samples).Select(s => (double)table.FeaturesOf(s, 0)[table.FeatureWidth - 2]).Order().ToArray();
        double p = confidence[confidence.Length / 2];
        var rule = Run(options, (env, i) => !env.Modes[i, 0] && env.Observations[i * env.Layout.Size + env.Layout.MaxProbability] < p ? 1 : 0);
        Same(rule, TableAnalysis.Threshold(table, reward, 1, p));
        Assert.NotEqual(nop.MeanReturn, TableAnalysis.Threshold(table, reward, 1, p).MeanReturn);
    }

    [Fact]
    public void TheFrontierCoversEveryLayerAndThreshold()
    {
        var (table, _) = World.Value;
        var reward = new PaperReward();
        var frontier = TableAnalysis.ThresholdFrontier(table, reward);
        Assert.Equal(table.NumLayers * 20, frontier.Count);
        Assert.Equal("threshold:1:0.1", frontier[0].Name);
        Assert.Equal("threshold:1:0.15", frontier[1].Name);
        Assert.Equal($"threshold:{table.NumLayers}:1.01", frontier[^1].Name);
        Assert.Equal(frontier.Count, frontier.Select(f => f.Name).Distinct().Count());
        Assert.Equal(TableAnalysis.FixedSet(table, reward, [table.NumLayers], frontier[^1].Name), frontier[^1]);
        Assert.Equal(2 * table.NumLayers, TableAnalysis.ThresholdFrontier(table, reward, [0.5, 0.9], stepBudget: 2).Count);
    }
}
