using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Bench;

/// <summary>Inference forward (eval mode, no graph), image and text networks, Model 0 and Model 3.</summary>
public sealed class EvalStepWorkload : IBenchWorkload
{
    public string Name => "eval-step";
    public string Description => "forward without a graph, Model 0 vs Model 3 (fixed iterations), image and text";

    public void Run(BenchContext context)
    {
        var o = context.Options;
        foreach (var config in BenchNetworks.Selected(o))
        {
            string net = BenchNetworks.Label(config);
            context.Progress($"{Name} {net}");
            torch.manual_seed(o.Seed);
            using var network = MainNetwork.Create(config);
            network.eval();
            var (x, y) = BenchNetworks.RandomBatch(config, o.Batch);
            using (x)
            using (y)
            {
                var solver = BenchNetworks.Fixed(o);
                void Step(bool[] fpi)
                {
                    using var _ = no_grad();
                    using var output = network.Forward(x, fpi, solver);
                }
                var m = context.Measure(new TimedCase("model0", () => Step(BenchNetworks.Model0)),
                                        new TimedCase("model3", () => Step(BenchNetworks.Model3)));
                context.Add(BenchRow.From(Name, $"{net} model0", "ms/step", m[0], o.Steps, $"batch {o.Batch}"));
                context.Add(BenchRow.From(Name, $"{net} model3", "ms/step", m[1], o.Steps, $"batch {o.Batch}, {o.FixedIterations} iterations/layer"));
                context.Add(BenchRow.From(Name, $"{net} model3/model0", "ratio", Measurement.Ratio(m[1], m[0]), o.Steps));
            }
        }
    }
}
