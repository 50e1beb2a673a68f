using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Bench;

/// <summary>
/// A realistic decision mix (70% NOP, 10% FPI on each layer) executed three ways: grouped (the
/// environment: a straight pass, then each layer's group solved together), all-FPI (every sample
/// iterates every layer) and masked (every sample computed in both modes at every layer, the modes
/// blended by a mask: the usual way to batch per-sample choices without gathering).
/// </summary>
public sealed class MixWorkload : IBenchWorkload
{
    public const double GroupedOverAllFpiTarget = 0.45;
    public const double GroupedOverMaskedTarget = 1.0;

    public string Name => "mix";
    public string Description => "70% NOP / 10% per layer: grouped (env) vs all-FPI vs masked execution";

    public void Run(BenchContext context)
    {
        var o = context.Options;
        context.Progress(Name);
        torch.manual_seed(o.Seed);
        using var data = BenchNetworks.SyntheticImages(o.Batch * 2, o.Seed);
        var split = data.Train;
        int batch = Math.Min(o.Batch, split.Count);
        var config = BenchNetworks.Image() with { NumClasses = data.NumClasses, SampleShape = split.SampleShape };
        using var network = MainNetwork.Create(config);
        network.eval();
        var solver = BenchNetworks.Fixed(o);
        int layers = network.NumLayers;
        long[] indices = Enumerable.Range(0, batch).Select(i => (long)i).ToArray();
        int[] actions = Actions(batch, layers, o.Seed);

        using var env = new BenchEnvironment(network, split, batch, solver);
        void Grouped()
        {
            env.Reset(indices);
            bool[] done = env.Step(actions);
            // Samples that took an FPI step answer on their next decision (NOP); the rest have ended.
            if (done.All(d => d)) return;
            env.Step(done.Select(d => d ? -1 : 0).ToArray());
        }

        using var inputs = split.Take(indices);
        var x = inputs.Inputs;
        void AllFpi()
        {
            using var _ = no_grad();
            using var output = network.Forward(x, BenchNetworks.Model3, solver);
        }

        // Sample i iterates layer actions[i] (1-based; 0 = none): the later layers see that in their upstream mask.
        var upstream = new int[layers][];
        for (int k = 0; k < layers; k++)
            upstream[k] = actions.Select(a => a >= 1 && a - 1 < k ? 1 << (a - 1) : 0).ToArray();
        var masks = new Tensor[layers];
        for (int k = 0; k < layers; k++)
        {
            var m = actions.Select(a => a == k + 1).ToArray();
            masks[k] = tensor(m).reshape(batch, 1, 1, 1).DetachFromDisposeScope();
        }
        try
        {
            void Masked()
            {
                using var _ = no_grad();
                Tensor a = network.Stem(x);
                for (int k = 0; k < layers; k++)
                {
                    var layer = network.Layers[k];
                    using var u = layer.Inject(a, upstream[k]);
                    a.Dispose();
                    using var straight = layer.Straight(u);
                    using var solved = layer.Solve(u, straight, solver);
                    a = where(masks[k], solved.Z, straight);
                }
                using var logits = network.Head(a);
                a.Dispose();
            }

            var m = context.Measure(new TimedCase("grouped", Grouped), new TimedCase("all-fpi", AllFpi), new TimedCase("masked", Masked));
            int fpiSamples = actions.Count(a => a > 0);
            string note = $"batch {batch}, {batch - fpiSamples} NOP + {fpiSamples} FPI, {o.FixedIterations} iterations";
            context.Add(BenchRow.From(Name, "grouped (env)", "ms/batch", m[0], o.Steps, note));
            context.Add(BenchRow.From(Name, "all-FPI", "ms/batch", m[1], o.Steps, $"batch {batch}"));
            context.Add(BenchRow.From(Name, "masked", "ms/batch", m[2], o.Steps, $"batch {batch}"));
            var overAll = Measurement.Ratio(m[0], m[1]);
            var overMasked = Measurement.Ratio(m[0], m[2]);
            context.Add(BenchRow.From(Name, "grouped/all-FPI", "ratio", overAll, o.Steps));
            context.Add(BenchRow.From(Name, "grouped/masked", "ratio", overMasked, o.Steps));
            context.Add(new BenchTarget("mix grouped/all-FPI", overAll.Median, "<=", GroupedOverAllFpiTarget));
            context.Add(new BenchTarget("mix grouped/masked", overMasked.Median, "<", GroupedOverMaskedTarget));
        }
        finally
        {
            foreach (var t in masks) t.Dispose();
        }
    }

    /// <summary>
    /// A tenth of the batch (rounded) per layer, the rest NOP, in a seeded shuffled order so groups are
    /// scattered through the batch as an agent's choices would be.
    /// </summary>
    public static int[] Actions(int batch, int layers, int seed)
    {
        int perLayer = (int)Math.Round(0.1 * batch, MidpointRounding.AwayFromZero);
        var actions = new int[batch];
        int next = 0;
        for (int k = 1; k <= layers; k++)
            for (int j = 0; j < perLayer && next < batch; j++) actions[next++] = k;
        new Random(seed).Shuffle(actions);
        return actions;
    }
}
