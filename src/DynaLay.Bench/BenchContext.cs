using System.Diagnostics;
using TorchSharp;

namespace DynaLay.Bench;

/// <summary>What a workload gets: the options and the timing harness; collects the results.</summary>
public sealed class BenchContext
{
    private readonly List<BenchRow> rows = [];
    private readonly List<BenchTarget> targets = [];

    public BenchContext(BenchOptions options, Action<string>? progress = null)
    {
        options.Validate();
        Options = options;
        Progress = progress ?? (_ => { });
    }

    public BenchOptions Options { get; }

    public Action<string> Progress { get; }
    public IReadOnlyList<BenchRow> Rows => rows;
    public IReadOnlyList<BenchTarget> Targets => targets;

    public void Add(BenchRow row) => rows.Add(row);
    public void Add(BenchTarget target) => targets.Add(target);

    /// <summary>
    /// Times several cases of a workload, interleaved: warm-up for each, then per repeat every case in
    /// turn, so a slow spell of the machine hits all cases alike. A sample is the mean milliseconds per
    /// step over <see cref="BenchOptions.Steps"/> steps. <c>before</c> runs untimed before each step.
    /// </summary>
    public Measurement[] Measure(params TimedCase[] cases)
    {
        foreach (var c in cases)
            for (int w = 0; w < Options.Warmup; w++) RunStep(c, null);

        var samples = cases.Select(_ => new List<double>()).ToArray();
        var watch = new Stopwatch();
        for (int r = 0; r < Options.Repeats; r++)
        {
            for (int i = 0; i < cases.Length; i++)
            {
                Collect();
                double total = 0;
                for (int s = 0; s < Options.Steps; s++)
                {
                    total += RunStep(cases[i], watch);
                    // Scopes alone leave Adam's scalars to the finalizer; collecting now and then keeps memory flat.
                    if ((s + 1) % 10 == 0) Collect();
                }
                samples[i].Add(total / Options.Steps);
            }
        }
        return samples.Select(s => new Measurement(s)).ToArray();
    }

    private static double RunStep(TimedCase c, Stopwatch? watch)
    {
        if (c.Before is not null)
        {
            using var setup = torch.NewDisposeScope();
            c.Before();
        }
        using var scope = torch.NewDisposeScope();
        watch?.Restart();
        c.Step();
        watch?.Stop();
        return watch?.Elapsed.TotalMilliseconds ?? 0;
    }

    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
