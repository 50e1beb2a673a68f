using System.CommandLine;
using System.Globalization;
using DynaLay.Bench;
using DynaLay.Cli.CommandLine;
using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Fpi;
using DynaLay.Nets;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay bench: timing and memory of the networks, the environment and execution strategies.</summary>
public sealed class BenchCommand : CliCommand
{
    public const string Summary = "time training, inference, the environment and execution mixes; writes bench.csv/json";

    private readonly BenchRegistry registry = BenchRegistry.Default();
    private readonly Option<string> workload, networks;
    private readonly Option<int> steps, warmup, repeats, batch, seqLen, vocabSize, fpiIters, memoryBatch, memoryThreads, seed;
    private readonly Option<int?> memorySteps;
    private readonly Option<string?> outOption;
    private readonly Option<bool> quietOption;
    private readonly ComputeOptionSet compute;

    public BenchCommand() : base("bench", Summary)
    {
        var defaults = new BenchOptions();
        workload = String("workload", "all", $"workload(s), comma-separated: all, {string.Join(", ", registry.Workloads.Select(w => w.Name))} (listed below)", "NAMES");
        steps = Int("steps", defaults.Steps, 1, 1_000_000, "timed steps per repeat (also scales the memory workload)");
        warmup = Int("warmup", defaults.Warmup, 0, 1_000_000, "untimed steps before timing");
        repeats = Int("repeats", defaults.Repeats, 1, 10_000, "repeats; figures are medians over them");
        networks = String("net", "image,text", "networks of train-step/eval-step: image, text or image,text", "NETS");
        batch = Int("batch", defaults.Batch, 1, 65_536, "batch size of the timed workloads");
        seqLen = Int("seq-len", defaults.SequenceLength, 2, 4096, "text: tokens per sample");
        vocabSize = Int("vocab-size", defaults.VocabSize, 3, 1_000_000, "text: vocabulary size");
        fpiIters = Int("fpi-iters", defaults.FixedIterations, 0, 10_000, "FPI iterations per layer in Model 3 and the mixes");
        memorySteps = OptionalInt("memory-steps", 10, 100_000_000, "environment steps of the memory workload (default 10000 x steps/10)");
        memoryBatch = Int("memory-batch", defaults.MemoryBatch, 1, 65_536, "batch of the memory workload");
        memoryThreads = Int("memory-threads", defaults.MemoryThreads, 0, 1024, "threads during the memory workload (0 = leave the process setting)");
        seed = Int("seed", 0, 0, int.MaxValue, "random seed");
        outOption = String("out", "output directory (default runs/bench-yyyyMMdd-HHmmss)", "DIR");
        quietOption = Flag("quiet", "no progress lines");
        compute = new ComputeOptionSet(this, withDevice: false);
    }

    /// <summary>What bench --help adds after the options: the workloads.</summary>
    public string HelpEpilogue => "Workloads:\n" + string.Join("\n", registry.Workloads.Select(w => $"  {w.Name,-12} {w.Description}"));

    protected override int Run(Args a)
    {
        var defaults = new BenchOptions();
        string names = a.Get(workload);
        var options = new BenchOptions
        {
            Steps = a.Get(steps),
            Warmup = a.Get(warmup),
            Repeats = a.Get(repeats),
            Networks = a.Get(networks).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray(),
            Batch = a.Get(batch),
            SequenceLength = a.Get(seqLen),
            VocabSize = a.Get(vocabSize),
            FixedIterations = a.Get(fpiIters),
            MemorySteps = a.Get(memorySteps) ?? Math.Max(10, defaults.MemorySteps * a.Get(steps) / defaults.Steps),
            MemoryBatch = a.Get(memoryBatch),
            MemoryThreads = a.Get(memoryThreads),
            Seed = a.Get(seed),
        };
        string outDir = a.Get(outOption) ?? Path.Combine("runs", "bench-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        bool quiet = a.Get(quietOption);
        compute.Apply(a);

        var list = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var context = new BenchContext(options, quiet ? null : m => Console.Error.WriteLine($"bench: {m}"));
        var report = BenchRunner.Run(registry, list, context, partial => partial.Write(outDir));

        var machine = report.Machine;
        Console.WriteLine($"{machine.CpuModel}, {machine.Cores} cores, {machine.Threads} threads; {machine.DotNet}; TorchSharp {machine.TorchSharp}, libtorch {machine.LibTorch}; load average {machine.LoadAverage}");
        Console.WriteLine($"steps {options.Steps} x repeats {options.Repeats} (warm-up {options.Warmup}), batch {options.Batch}; figures are medians, spread min..max over repeats\n");
        Console.Write(report.FormatTable());
        Console.WriteLine($"\nwrote {Path.Combine(outDir, BenchReport.CsvFile)} and {Path.Combine(outDir, BenchReport.JsonFile)}");
        return 0;
    }
}
