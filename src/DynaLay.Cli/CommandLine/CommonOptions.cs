using DynaLay.Nets;
using DynaLay.Data;
using DynaLay.Fpi;
using DynaLay.Util;
using TorchSharp;

namespace DynaLay.Cli.CommandLine;

/// <summary>Options shared by the commands that compute: data, device, threads, seed, solver.</summary>
public static class CommonOptions
{
    public static DatasetOptions Dataset(Args a, int seed)
    {
        string name = a.String("dataset", "synthetic", $"dataset: {string.Join(", ", DatasetCatalog.All.Select(d => d.Name))}");
        var defaults = new DatasetOptions();
        return new DatasetOptions
        {
            Name = name,
            DataDir = a.String("data-dir", "directory holding the dataset's files (default: the dataset's own)"),
            Seed = seed,
            Limit = a.OptionalInt("limit", 1, int.MaxValue, "use at most this many samples per split"),
            CoarseLabels = a.Flag("coarse", "cifar100: the 20 coarse labels instead of the 100 fine ones"),
            MaxLength = a.Int("max-length", defaults.MaxLength, 4, 4096, "text: tokens per sample"),
            VocabSize = a.Int("vocab-size", defaults.VocabSize, 10, 1_000_000, "text: vocabulary words kept"),
            Augment = !a.Flag("no-augment", "turn off CIFAR training augmentation"),
            SyntheticTrain = a.OptionalInt("synthetic-train", 10, 10_000_000,
                $"synthetic: training samples, validation included (default {DatasetOptions.SyntheticImageTrainDefault} for synthetic, {DatasetOptions.SyntheticTextTrainDefault} for synthetic-text)"),
            SyntheticTest = a.Int("synthetic-test", defaults.SyntheticTest, 10, 10_000_000, "synthetic: test samples"),
        };
    }

    public static torch.Device Device(Args a)
    {
        string d = a.Choice("device", "cpu", ["cpu", "cuda", "auto"], "where tensors live");
        return DeviceSelector.Resolve(d);
    }

    public static void Threads(Args a)
    {
        int? threads = a.OptionalInt("threads", 1, 1024, "CPU threads for tensor ops (default: libtorch's)");
        if (threads is int t) torch.set_num_threads(t);
    }

    /// <summary>Architecture choices of a new main network (the data fixes the rest).</summary>
    public static NetworkConfig Network(Args a)
    {
        var d = new NetworkConfig();
        return d with
        {
            Recurrence = a.Choice("recurrence", d.Recurrence.ToString().ToLowerInvariant(), ["dense", "depthwise"],
                                  "image FPI blocks' recurrent 3x3 map: dense (all channels) | depthwise (per channel, 1/C of the cost)") == "dense"
                ? ConvRecurrence.Dense : ConvRecurrence.Depthwise,
            ContractionScale = a.OptionalDouble("contraction", 0.01, 0.99,
                $"contraction factor s of every FPI map (default {NetworkConfig.DefaultContraction(NetworkKind.Image)} for images, {NetworkConfig.DefaultContraction(NetworkKind.Text)} for text)"),
        };
    }

    public static FpiOptions Solver(Args a) => new()
    {
        Tolerance = a.Double("fpi-tol", FpiOptions.Default.Tolerance, 1e-12, 1, "FPI relative residual tolerance"),
        MaxIterations = a.Int("fpi-max-iter", FpiOptions.Default.MaxIterations, 1, 10_000, "FPI iteration limit"),
        Backward = a.Choice("fpi-backward", "onestep", ["onestep", "implicit"], "gradient through fixed points") == "implicit"
            ? FpiBackward.Implicit : FpiBackward.OneStep,
    };
}
