using System.CommandLine;
using DynaLay.Data;
using DynaLay.Fpi;
using DynaLay.Nets;
using DynaLay.Util;
using TorchSharp;

namespace DynaLay.Cli.CommandLine;

/// <summary>The data options of the commands that load a dataset.</summary>
public sealed class DatasetOptionSet
{
    private readonly Option<string> name;
    private readonly Option<string?> dataDir;
    private readonly Option<int?> limit, syntheticTrain;
    private readonly Option<bool> coarse, noAugment;
    private readonly Option<int> maxLength, vocabSize, syntheticTest;

    public DatasetOptionSet(CliCommand c)
    {
        var defaults = new DatasetOptions();
        name = c.String("dataset", "synthetic", "the dataset (dynalay data list describes them)", "NAME");
        name.CompletionSources.Add(_ => DatasetCatalog.All.Select(d => new System.CommandLine.Completions.CompletionItem(d.Name)));
        dataDir = c.String("data-dir", "directory holding the dataset's files (default: the dataset's own)", "DIR");
        limit = c.OptionalInt("limit", 1, int.MaxValue, "use at most this many samples per split");
        coarse = c.Flag("coarse", "cifar100: the 20 coarse labels instead of the 100 fine ones");
        maxLength = c.Int("max-length", defaults.MaxLength, 4, 4096, "text: tokens per sample");
        vocabSize = c.Int("vocab-size", defaults.VocabSize, 10, 1_000_000, "text: vocabulary words kept");
        noAugment = c.Flag("no-augment", "turn off CIFAR training augmentation");
        syntheticTrain = c.OptionalInt("synthetic-train", 10, 10_000_000,
            $"synthetic: training samples, validation included (default {DatasetOptions.SyntheticImageTrainDefault} for synthetic, {DatasetOptions.SyntheticTextTrainDefault} for synthetic-text)");
        syntheticTest = c.Int("synthetic-test", defaults.SyntheticTest, 10, 10_000_000, "synthetic: test samples");
    }

    public DatasetOptions Read(Args a, int seed) => new()
    {
        Name = a.Get(name),
        DataDir = a.Get(dataDir),
        Seed = seed,
        Limit = a.Get(limit),
        CoarseLabels = a.Get(coarse),
        MaxLength = a.Get(maxLength),
        VocabSize = a.Get(vocabSize),
        Augment = !a.Get(noAugment),
        SyntheticTrain = a.Get(syntheticTrain),
        SyntheticTest = a.Get(syntheticTest),
    };
}

/// <summary>Where tensors live and how many CPU threads they use.</summary>
public sealed class ComputeOptionSet
{
    private readonly Option<string>? device;
    private readonly Option<int?> threads;

    public ComputeOptionSet(CliCommand c, bool withDevice = true)
    {
        if (withDevice) device = c.Choice("device", "cpu", ["cpu", "cuda", "auto"], "where tensors live");
        threads = c.OptionalInt("threads", 1, 1024, "CPU threads for tensor ops (default: libtorch's)");
    }

    /// <summary>Sets the thread count and returns the device.</summary>
    public torch.Device Apply(Args a)
    {
        if (a.Get(threads) is int t) torch.set_num_threads(t);
        return device is null ? torch.CPU : DeviceSelector.Resolve(a.Get(device));
    }
}

/// <summary>Architecture choices of a new main network (the data fixes the rest).</summary>
public sealed class NetworkOptionSet
{
    private readonly Option<string> recurrence;
    private readonly Option<double?> contraction;
    private readonly Option<string?> channels;
    private readonly Option<string> textFeedback;

    public NetworkOptionSet(CliCommand c)
    {
        var d = new NetworkConfig();
        recurrence = c.Choice("recurrence", d.Recurrence.ToString().ToLowerInvariant(), ["dense", "depthwise", "separable", "block"],
                              "image FPI blocks' recurrent map: dense 3x3 (all channels) | depthwise 3x3 (per channel, 1/C of the cost) | separable (1x1 over all channels, then depthwise 3x3) | block (two separable maps with a relu between)");
        contraction = c.OptionalDouble("contraction", 0.01, 0.99,
            $"contraction factor s of every FPI map (default {NetworkConfig.DefaultContraction(NetworkKind.Image)} for images, {NetworkConfig.DefaultContraction(NetworkKind.Text)} for text)");
        channels = c.String("channels", $"image: channels of the three FPI blocks (default {string.Join(',', d.Channels)})", "C1,C2,C3");
        CheckChannels(channels);
        textFeedback = c.Choice("text-feedback", "causal", ["causal", "bidirectional"],
                                "text FPI layers' feedback: causal (the token before) | bidirectional (the tokens before and after)");
    }

    /// <summary>Refuses, when the command line is parsed, a --channels value that is not three channel counts.</summary>
    public static void CheckChannels(Option<string?> option) => option.Validators.Add(r =>
    {
        if (ParseChannels(r.GetValueOrDefault<string?>()) is null)
            r.AddError($"--channels: '{r.GetValueOrDefault<string?>()}' is not three positive channel counts such as {string.Join(',', new NetworkConfig().Channels)}.");
    });

    private static int[]? ParseChannels(string? text)
    {
        if (text is null) return [];
        var parts = text.Split(',');
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out values[i]) || values[i] is < 1 or > 4096) return null;
        return values.Length == 3 ? values : null;
    }

    /// <summary>Whether the user shaped the network at all (refused where the network comes from another run).</summary>
    public bool Given(Args a) => a.Given(recurrence) || a.Given(contraction) || a.Given(channels) || a.Given(textFeedback);

    public NetworkConfig Read(Args a)
    {
        var config = new NetworkConfig() with
        {
            Recurrence = Enum.Parse<ConvRecurrence>(a.Get(recurrence), ignoreCase: true),
            ContractionScale = a.Get(contraction),
            TextFeedback = a.Get(textFeedback) == "bidirectional" ? TextFeedback.Bidirectional : TextFeedback.Causal,
        };
        return a.Given(channels) ? config with { Channels = ParseChannels(a.Get(channels))! } : config;
    }
}

/// <summary>The fixed-point solver's options.</summary>
public sealed class SolverOptionSet
{
    private readonly Option<double> tolerance;
    private readonly Option<int> maxIterations, andersonM;
    private readonly Option<string> backward, method;

    public SolverOptionSet(CliCommand c)
    {
        tolerance = c.Double("fpi-tol", FpiOptions.Default.Tolerance, 1e-12, 1, "FPI relative residual tolerance");
        maxIterations = c.Int("fpi-max-iter", FpiOptions.Default.MaxIterations, 1, 10_000, "FPI iteration limit");
        backward = c.Choice("fpi-backward", "onestep", ["onestep", "implicit"], "gradient through fixed points");
        method = c.Choice("fpi-solver", "picard", ["picard", "anderson"], "fixed-point solver (train --from: default the pretrained run's)");
        andersonM = c.Int("anderson-m", FpiOptions.Default.AndersonM, 1, 100, "anderson: past iterates mixed into the next");
    }

    public FpiOptions Read(Args a) => new()
    {
        Tolerance = a.Get(tolerance),
        MaxIterations = a.Get(maxIterations),
        Backward = a.Get(backward) == "implicit" ? FpiBackward.Implicit : FpiBackward.OneStep,
        Solver = a.Get(method) == "anderson" ? FpiSolverKind.Anderson : FpiSolverKind.Picard,
        AndersonM = a.Get(andersonM),
    };

    /// <summary>Whether the command line chose the solver method (else train --from keeps the pretrained run's).</summary>
    public bool MethodGiven(Args a) => a.Given(method) || a.Given(andersonM);
}

/// <summary>--observation of train and compare: the extras the observation carries, checked when the command line is parsed.</summary>
public static class ObservationOption
{
    public static Option<string> Add(CliCommand c, string fallback, string help)
    {
        var option = c.String("observation", fallback, help, "EXTRAS");
        option.Validators.Add(r =>
        {
            try
            {
                Envs.LayerSelection.ObservationExtrasText.Parse(r.GetValueOrDefault<string>());
            }
            catch (ArgumentException e)
            {
                r.AddError($"--observation: {e.Message}");
            }
        });
        return option;
    }
}
