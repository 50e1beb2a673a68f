using DynaLay.Nets;
using TorchSharp;

namespace DynaLay.Bench;

/// <summary>
/// Resident memory after a tenth of the environment steps and after all of them, with random actions
/// and the default (early-exit) solver so that every code path of the environment runs. A leak of a
/// tensor per step shows as growth; the allocator's and the runtime's warm-up do not, because the first
/// reading is taken only after they have settled.
/// </summary>
public sealed class MemoryWorkload : IBenchWorkload
{
    public const double GrowthTargetPercent = 5;

    public string Name => "memory";
    public string Description => "resident memory after N/10 and N environment steps (small network), growth %";

    public void Run(BenchContext context)
    {
        var o = context.Options;
        context.Progress($"{Name} ({o.MemorySteps} env steps)");
        torch.manual_seed(o.Seed);
        using var data = BenchNetworks.SyntheticImages(Math.Max(4 * o.MemoryBatch, 64), o.Seed);
        var split = data.Train;
        int batch = Math.Min(o.MemoryBatch, split.Count);
        var config = BenchNetworks.Image() with { NumClasses = data.NumClasses, SampleShape = split.SampleShape, Channels = [8, 16, 16] };
        using var network = MainNetwork.Create(config);
        network.eval();
        using var env = new BenchEnvironment(network, split, batch, new Fpi.FpiOptions());

        // Thousands of tiny steps: on a busy machine, handing each small op to a second thread costs more
        // than the op, and this workload measures memory, not speed.
        int threads = torch.get_num_threads();
        if (o.MemoryThreads > 0) torch.set_num_threads(o.MemoryThreads);
        try
        {
            Loop(context, env, split, batch, network.NumLayers);
        }
        finally
        {
            if (o.MemoryThreads > 0) torch.set_num_threads(threads);
        }
    }

    private void Loop(BenchContext context, BenchEnvironment env, Data.DataSplit split, int batch, int layers)
    {
        var o = context.Options;
        var random = new Random(o.Seed);
        int first = o.MemorySteps / 10;
        long rssFirst = 0;
        bool[] done = [];
        int cursor = 0;
        var indices = new long[batch];
        var actions = new int[batch];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int step = 1; step <= o.MemorySteps; step++)
        {
            using (var scope = torch.NewDisposeScope())
            {
                if (done.Length == 0 || done.All(d => d))
                {
                    for (int i = 0; i < batch; i++) indices[i] = (cursor++) % split.Count;
                    env.Reset(indices);
                    done = new bool[batch];
                }
                for (int i = 0; i < batch; i++) actions[i] = done[i] ? -1 : random.Next(layers + 1);
                done = env.Step(actions);
            }
            if (step % 10 == 0) BenchContext.Collect();
            if (step == first)
            {
                BenchContext.Collect();
                rssFirst = ProcessMemory.ResidentBytes();
            }
        }
        BenchContext.Collect();
        long rssLast = ProcessMemory.ResidentBytes();
        double seconds = watch.Elapsed.TotalSeconds;

        const double mib = 1024.0 * 1024.0;
        double growth = 100.0 * (rssLast - rssFirst) / rssFirst;
        string note = $"batch {batch}, channels 8/16/16, random actions, {torch.get_num_threads()} thread(s), {seconds:F0} s";
        context.Add(Single($"RSS after {first} env steps", "MiB", rssFirst / mib, first, note));
        context.Add(Single($"RSS after {o.MemorySteps} env steps", "MiB", rssLast / mib, o.MemorySteps, note));
        context.Add(Single($"growth {first} -> {o.MemorySteps}", "%", growth, o.MemorySteps, ""));
        context.Add(new BenchTarget($"memory growth {first} -> {o.MemorySteps} steps (%)", growth, "<=", GrowthTargetPercent));
    }

    private BenchRow Single(string @case, string unit, double value, int steps, string note) =>
        BenchRow.From(Name, @case, unit, new Measurement([value]), steps, note);
}
