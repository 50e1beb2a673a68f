using System.Globalization;
using DynaLay.Bench;
using DynaLay.Cli.CommandLine;
using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Fpi;
using DynaLay.Nets;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay bench: timing and memory of the networks, the environment and execution strategies.</summary>
public static class BenchCommand
{
    public const string Summary = "time training, inference, the environment and execution mixes; writes bench.csv/json";

    public static int Run(Args a)
    {
        var registry = BenchRegistry.Default().Add(new Bench.AgentWorkload()).Add(new Bench.TableWorkload());
        var defaults = new BenchOptions();
        string names = a.String("workload", "all", $"workload(s), comma-separated: all, {string.Join(", ", registry.Workloads.Select(w => w.Name))}");
        int steps = a.Int("steps", defaults.Steps, 1, 1_000_000, "timed steps per repeat (also scales the memory workload)");
        var options = new BenchOptions
        {
            Steps = steps,
            Warmup = a.Int("warmup", defaults.Warmup, 0, 1_000_000, "untimed steps before timing"),
            Repeats = a.Int("repeats", defaults.Repeats, 1, 10_000, "repeats; figures are medians over them"),
            Networks = a.String("net", "image,text", "networks of train-step/eval-step: image, text or image,text")
                        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray(),
            Batch = a.Int("batch", defaults.Batch, 1, 65_536, "batch size of the timed workloads"),
            SequenceLength = a.Int("seq-len", defaults.SequenceLength, 2, 4096, "text: tokens per sample"),
            VocabSize = a.Int("vocab-size", defaults.VocabSize, 3, 1_000_000, "text: vocabulary size"),
            FixedIterations = a.Int("fpi-iters", defaults.FixedIterations, 0, 10_000, "FPI iterations per layer in Model 3 and the mixes"),
            MemorySteps = a.OptionalInt("memory-steps", 10, 100_000_000, "environment steps of the memory workload (default 10000 x steps/10)")
                          ?? Math.Max(10, defaults.MemorySteps * steps / defaults.Steps),
            MemoryBatch = a.Int("memory-batch", defaults.MemoryBatch, 1, 65_536, "batch of the memory workload"),
            MemoryThreads = a.Int("memory-threads", defaults.MemoryThreads, 0, 1024, "threads during the memory workload (0 = leave the process setting)"),
            Seed = a.Int("seed", 0, 0, int.MaxValue, "random seed"),
        };
        string outDir = a.String("out", "output directory (default runs/bench-yyyyMMdd-HHmmss)")
                        ?? Path.Combine("runs", "bench-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        bool quiet = a.Flag("quiet", "no progress lines");
        CommonOptions.Threads(a);
        if (a.HelpRequested)
        {
            Console.WriteLine($"dynalay bench: {Summary}\n{a.Help()}\n\nworkloads:");
            foreach (var w in registry.Workloads) Console.WriteLine($"  {w.Name,-12} {w.Description}");
            return 0;
        }
        a.EnsureAllUsed();

        var list = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var context = new BenchContext(options, CreateEnvironment, quiet ? null : m => Console.Error.WriteLine($"bench: {m}"));
        var report = BenchRunner.Run(registry, list, context, partial => partial.Write(outDir));

        var machine = report.Machine;
        Console.WriteLine($"{machine.CpuModel}, {machine.Cores} cores, {machine.Threads} threads; {machine.DotNet}; TorchSharp {machine.TorchSharp}, libtorch {machine.LibTorch}; load average {machine.LoadAverage}");
        Console.WriteLine($"steps {options.Steps} x repeats {options.Repeats} (warm-up {options.Warmup}), batch {options.Batch}; figures are medians, spread min..max over repeats\n");
        Console.Write(report.FormatTable());
        Console.WriteLine($"\nwrote {Path.Combine(outDir, BenchReport.CsvFile)} and {Path.Combine(outDir, BenchReport.JsonFile)}");
        return 0;
    }

    private static IBenchEnvironment CreateEnvironment(MainNetwork network, DataSplit split, int batch, FpiOptions solver) =>
        new LayerSelectionBench(new LayerSelectionEnv(network, split, new LayerSelectionOptions { BatchSize = batch, Shuffle = false, Solver = solver }));

    /// <summary>The environment behind the benchmark interface (Core cannot reference the environment assembly).</summary>
    private sealed class LayerSelectionBench(LayerSelectionEnv env) : IBenchEnvironment
    {
        public void Reset(long[] indices) => env.ResetBatch(null, new Dictionary<string, object> { ["indices"] = indices });

        public bool[] Step(int[] actions)
        {
            var r = env.StepBatch(actions);
            var done = new bool[r.Terminated.Length];
            for (int i = 0; i < done.Length; i++) done[i] = r.Terminated[i] || r.Truncated[i];
            return done;
        }

        public void Dispose() => env.Dispose();
    }
}
