using DynaLay.Data;
using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Bench;

/// <summary>The networks, inputs and mode tables the workloads share.</summary>
public static class BenchNetworks
{
    /// <summary>Model 0 (every layer straight) and Model 3 (every layer FPI).</summary>
    public static readonly bool[] Model0 = [false, false, false];
    public static readonly bool[] Model3 = [true, true, true];

    public static NetworkConfig Image() => new()
    {
        Kind = NetworkKind.Image,
        NumClasses = 10,
        SampleShape = [3, 32, 32],
        Channels = [32, 64, 128],
        Recurrence = ConvRecurrence.Dense,
        ContractionScale = 0.5,
    };

    public static NetworkConfig Text(BenchOptions o) => new()
    {
        Kind = NetworkKind.Text,
        NumClasses = 2,
        SampleShape = [o.SequenceLength],
        VocabSize = o.VocabSize,
    };

    /// <summary>Exactly N iterations per layer: the work is the same in every framework and every run.</summary>
    public static FpiOptions Fixed(BenchOptions o) => new() { FixedIterations = o.FixedIterations };

    /// <summary>A random batch the network accepts: normal images, or token ids above the padding and unknown ids.</summary>
    public static (Tensor Inputs, Tensor Labels) RandomBatch(NetworkConfig config, int batch)
    {
        Tensor x = config.Kind == NetworkKind.Image
            ? randn([batch, .. config.SampleShape])
            : randint(2, config.VocabSize, [batch, config.SampleShape[0]], dtype: ScalarType.Int64);
        Tensor y = randint(0, config.NumClasses, [batch], dtype: ScalarType.Int64);
        return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
    }

    /// <summary>A small synthetic image dataset for the environment workloads (generation is seeded, so runs agree).</summary>
    public static Dataset SyntheticImages(int samples, int seed) => DatasetCatalog.Load(new DatasetOptions
    {
        Name = "synthetic",
        Seed = seed,
        SyntheticTrain = Math.Max(samples, 20),
        SyntheticTest = 10,
        ValidationFraction = 0.1,
    });

    /// <summary>The configs of the networks the options select, image first.</summary>
    public static NetworkConfig[] Selected(BenchOptions o) =>
        o.Networks.Distinct().OrderBy(n => n == "image" ? 0 : 1).Select(n => n == "image" ? Image() : Text(o)).ToArray();

    public static string Label(NetworkConfig config) => config.Kind == NetworkKind.Image ? "image" : "text";
}
