using System.Diagnostics;
using DynaLay.Agents;
using DynaLay.Envs.LayerSelection;
using DynaLay.Envs.Tabulated;
using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Bench;

/// <summary>
/// The tabulated environment against the live one on the default image network (untrained, default solver):
/// the table's build time per sample, decisions per second of a trivial policy (a fixed action pattern, no
/// agent) on the table and live, and the agent-training throughput (play a batch exploring, learn) of each
/// learner on both.
/// </summary>
public sealed class TableWorkload : IBenchWorkload
{
    public string Name => "table";
    public string Description => "tabulated vs live environment: table build, decisions/s of a trivial policy and of each learner's training";

    public void Run(BenchContext context)
    {
        var o = context.Options;
        context.Progress(Name);
        torch.manual_seed(o.Seed);
        using var data = BenchNetworks.SyntheticImages(o.Batch * 4, o.Seed);
        var config = BenchNetworks.Image() with { NumClasses = data.NumClasses, SampleShape = data.Train.SampleShape };
        using var network = MainNetwork.Create(config);
        network.eval();
        var solver = new FpiOptions();
        var clock = Stopwatch.StartNew();
        var table = ModeSetTableBuilder.Build(network, data.Train, solver, "bench", CPU);
        double buildMs = clock.Elapsed.TotalMilliseconds / data.Train.Count;
        context.Add(BenchRow.From(Name, "build", "ms/sample", new Measurement([buildMs]), data.Train.Count,
                                  $"{data.Train.Count} samples x {table.Sets} mode sets, {table.BytesPerSample / 1024.0:F1} kB per sample"));

        var options = new LayerSelectionOptions { BatchSize = o.Batch, Shuffle = false, Solver = solver };
        LayerSelectionEnv Tabulated() => new(new TableBackend(table, data.Train), data.Train, options);
        LayerSelectionEnv Live() => new(network, data.Train, options);

        using (var tabulated = Tabulated())
        using (var live = Live())
        {
            var (tableCounter, liveCounter) = (new Counter(), new Counter());
            var m = context.Measure(
                new TimedCase("trivial policy, table", () => tableCounter.Add(PlayPattern(tabulated))),
                new TimedCase("trivial policy, live", () => liveCounter.Add(PlayPattern(live))));
            context.Add(Rate("trivial policy, table", m[0], tableCounter, o.Steps, o.Batch));
            context.Add(Rate("trivial policy, live", m[1], liveCounter, o.Steps, o.Batch));
        }

        foreach (var name in new[] { "reinforce", "dqn", "agentnet" })
        {
            using var tabulated = Tabulated();
            using var live = Live();
            using var onTable = AgentRegistry.Create(name, AgentContext.For(tabulated, CPU, o.Seed));
            using var onLive = AgentRegistry.Create(name, AgentContext.For(live, CPU, o.Seed));
            var (tableCounter, liveCounter) = (new Counter(), new Counter());
            var m = context.Measure(
                new TimedCase($"{name} training, table", () => tableCounter.Add(Train(tabulated, onTable))),
                new TimedCase($"{name} training, live", () => liveCounter.Add(Train(live, onLive))));
            context.Add(Rate($"{name} training, table", m[0], tableCounter, o.Steps, o.Batch));
            context.Add(Rate($"{name} training, live", m[1], liveCounter, o.Steps, o.Batch));
        }
    }

    private sealed class Counter
    {
        public long Decisions;
        public long Batches;
        public void Add(int decisions) { Decisions += decisions; Batches++; }
        public double PerBatch => Batches == 0 ? 0 : Decisions / (double)Batches;
    }

    private BenchRow Rate(string @case, Measurement msPerBatch, Counter counter, int steps, int batch) =>
        BenchRow.From(Name, @case, "decisions/s", new Measurement(msPerBatch.Samples.Select(ms => counter.PerBatch / (ms / 1000)).ToList()), steps,
                      $"batch {batch}, {counter.PerBatch:F0} decisions per batch");

    private static void NextBatch(LayerSelectionEnv env)
    {
        if (env.PassFinished) env.Rewind();
        env.ResetBatch();
    }

    /// <summary>One batch played to the end with a fixed pattern: sample i takes action (i + t) mod (L + 1) at step t.</summary>
    private static int PlayPattern(LayerSelectionEnv env)
    {
        NextBatch(env);
        int decisions = 0, t = 0;
        var actions = new int[env.BatchCount];
        while (!env.AllDone)
        {
            for (int i = 0; i < actions.Length; i++)
            {
                actions[i] = env.Done(i) ? LayerSelectionEnv.NoAction : (i + t) % (env.NumLayers + 1);
                if (actions[i] >= 0) decisions++;
            }
            env.StepBatch(actions);
            t++;
        }
        return decisions;
    }

    private static int Train(LayerSelectionEnv env, IAgent agent)
    {
        NextBatch(env);
        var rollout = RolloutCollector.Play(env, agent, explore: true, CPU, env.Observations);
        agent.Learn(rollout);
        return env.Steps.Sum();
    }
}
