using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Bench;

/// <summary>
/// One environment step where every sample asks for FPI on layer 1, against the bare network doing the
/// same tensor work (solve layer 1, recompute layers 2-3 and the head) without the environment's
/// bookkeeping (gather/scatter of its state, observations, rewards, predictions).
/// </summary>
public sealed class EnvStepWorkload : IBenchWorkload
{
    /// <summary>The environment may cost at most 10% more than the bare network doing the same layer work.</summary>
    public const double OverheadTarget = 1.10;

    public string Name => "env-step";
    public string Description => "environment step (all samples FPI on layer 1) vs the bare network doing the same layer work";

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
        long[] indices = Enumerable.Range(0, batch).Select(i => (long)i).ToArray();
        int[] layer1 = Enumerable.Repeat(1, batch).ToArray();

        using var env = new BenchEnvironment(network, split, batch, solver);

        // The bare network starts from the same state the environment holds after reset: stem output,
        // layer 1's injection and straight output.
        Tensor u1, z1;
        using (no_grad())
        using (var batchData = split.Take(indices))
        using (var a0 = network.Stem(batchData.Inputs))
        {
            u1 = network.Layers[0].Inject(a0, new int[batch]).DetachFromDisposeScope();
            z1 = network.Layers[0].Straight(u1).DetachFromDisposeScope();
        }
        using (u1)
        using (z1)
        {
            var layerOneIterated = Enumerable.Repeat(1, batch).ToArray();
            void Bare()
            {
                using var _ = no_grad();
                using var solved = network.Layers[0].Solve(u1, z1, solver);
                Tensor a = solved.Z.alias();
                for (int k = 1; k < network.NumLayers; k++)
                {
                    using var u = network.Layers[k].Inject(a, layerOneIterated);
                    a.Dispose();
                    a = network.Layers[k].Straight(u);
                }
                using var logits = network.Head(a);
                a.Dispose();
            }

            var m = context.Measure(
                new TimedCase("env", () => env.Step(layer1), () => env.Reset(indices)),
                new TimedCase("bare", Bare),
                new TimedCase("reset", () => env.Reset(indices)));
            string note = $"batch {batch}, {o.FixedIterations} iterations";
            context.Add(BenchRow.From(Name, "env step (layer 1)", "ms/step", m[0], o.Steps, note));
            context.Add(BenchRow.From(Name, "bare network (layer 1)", "ms/step", m[1], o.Steps, note));
            var overhead = Measurement.Ratio(m[0], m[1]);
            context.Add(BenchRow.From(Name, "env/bare overhead", "ratio", overhead, o.Steps));
            context.Add(new BenchTarget("env-step env/bare", overhead.Median, "<=", OverheadTarget));
            context.Add(BenchRow.From(Name, "env reset (straight pass)", "ms/step", m[2], o.Steps, $"batch {batch}"));
        }
    }
}
