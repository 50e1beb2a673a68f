using DynaLay.Cli.CommandLine;
using DynaLay.Data;
using DynaLay.Nets;
using DynaLay.Runs;
using DynaLay.Training;
using TorchSharp;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay pretrain: the warm-up of the main network; writes a run directory.</summary>
public static class PretrainCommand
{
    public const string Summary = "warm up the main network so every mode predicts sensibly (writes runs/NAME)";

    private sealed record Parsed(DatasetOptions Data, PretrainOptions Options, NetworkConfig Architecture, string Out, bool Quiet, bool Resume);

    public static int Run(Args a)
    {
        var p = Parse(a);
        var device = CommonOptions.Device(a);
        CommonOptions.Threads(a);
        if (a.HelpRequested) { Console.WriteLine($"dynalay pretrain: {Summary}\n{a.Help()}"); return 0; }
        a.EnsureAllUsed();
        if (p.Resume) return Resume(a, p, device);
        var (dataOptions, options, outDir) = (p.Data, p.Options, p.Out);
        if (!options.Fpi.Equals("random", StringComparison.OrdinalIgnoreCase)) LayerModes.Parse(options.Fpi, 3);
        options.Validate();
        MainRun.CheckNew(outDir);

        torch.manual_seed(options.Seed);
        using var data = DatasetCatalog.Load(dataOptions);
        foreach (var split in data.Splits.Where(s => s.Count == 0))
            throw new RunException($"The {split.Name} split of {dataOptions.Name} is empty (--limit {dataOptions.Limit?.ToString() ?? "-"}); pretraining trains on train, watches validation and ends with a table on test. Raise --limit; nothing was written.");
        var networkConfig = MainRun.NetworkFor(data, p.Architecture);
        using var network = MainNetwork.Create(networkConfig);
        network.to(device);

        MainRun.Create(outDir);
        using var log = RunLogger.Create(outDir, console: !p.Quiet);
        var config = new RunConfig();
        config.Set("command", new { name = "pretrain", args = new[] { "pretrain" }.Concat(a.Raw).ToArray(), device = device.ToString(), threads = torch.get_num_threads() });
        MainRun.Describe(config, outDir, dataOptions, data, networkConfig, options.Solver);
        config.Set("pretrain", options);
        config.Save(Path.Combine(outDir, MainRun.ConfigFile));
        log.Information("Pretraining on {Dataset} ({Train} train / {Val} validation / {Test} test samples, {Classes} classes), FPI {Fpi}, {Epochs} epoch(s), writing {Out}",
                        data.Name, data.Train.Count, data.Validation.Count, data.Test.Count, data.NumClasses, options.Fpi, options.Epochs, outDir);
        return PretrainAndEvaluate(outDir, network, data, options, log, device, p.Quiet, resume: false);
    }

    private static Parsed Parse(Args a)
    {
        int seed = a.Int("seed", 0, 0, int.MaxValue, "random seed (data order, initialisation, modes)");
        var dataOptions = CommonOptions.Dataset(a, seed);
        var kind = DatasetCatalog.All.FirstOrDefault(d => d.Name == dataOptions.Name)?.Modality == Modality.Text ? NetworkKind.Text : NetworkKind.Image;
        var image = PretrainOptions.DefaultsFor(NetworkKind.Image);
        var text = PretrainOptions.DefaultsFor(NetworkKind.Text);
        var defaults = PretrainOptions.DefaultsFor(kind);
        var options = defaults with
        {
            Epochs = a.OptionalInt("epochs", 1, 100_000, $"passes over the training split (default {image.Epochs} for images, {text.Epochs} for text)") ?? defaults.Epochs,
            BatchSize = a.Int("batch", defaults.BatchSize, 1, 65_536, "batch size"),
            LearningRate = a.Double("lr", defaults.LearningRate, 1e-8, 10, "peak Adam learning rate"),
            Schedule = a.Choice("schedule", defaults.Schedule, ["onecycle", "constant"], "learning-rate schedule"),
            Fpi = a.String("fpi", defaults.Fpi, "layers in FPI mode: none | 1 | 1,2 | 1,2,3 | random (drawn per batch)"),
            ClassWeights = a.OptionalChoice("class-weights", ["none", "balanced"],
                $"loss weight per class: none | balanced (every class weighs the same whatever its share of the training split; default {image.ClassWeights} for images, {text.ClassWeights} for text)") ?? defaults.ClassWeights,
            CalibrationBatches = a.Int("calibration-batches", defaults.CalibrationBatches, 0, 100_000, "training batches that recompute each mode pattern's batch-norm statistics after every epoch (0: keep running averages)"),
            Seed = seed,
            Solver = CommonOptions.Solver(a),
        };
        var architecture = CommonOptions.Network(a);
        string outDir = a.String("out", "output run directory (default runs/pretrain-DATASET-SEED)") ?? $"runs/pretrain-{dataOptions.Name}-{seed}";
        bool quiet = a.Flag("quiet", "log to the run directory only, no progress bar or table on the console");
        bool resume = a.Flag("resume", "continue the unfinished pretraining in --out (the other options must be as the run has them)");
        return new Parsed(dataOptions, options, architecture, outDir, quiet, resume);
    }

    private static int Resume(Args a, Parsed p, torch.Device device)
    {
        string outDir = p.Out;
        var config = Resumption.Open(a, outDir, args => Parse(args));
        if (!File.Exists(Path.Combine(outDir, MainRun.PretrainStateFile)))
        {
            Console.Error.WriteLine($"pretrain: {outDir} is finished; nothing to resume. Evaluate it with: dynalay eval --run {outDir}");
            return 0;
        }
        using var log = RunLogger.Create(outDir, console: !p.Quiet);
        var (_, data, network, _) = MainRun.OpenUnfinished(outDir, p.Data.DataDir, device);
        using (data)
        using (network)
            return PretrainAndEvaluate(outDir, network, data, config.Get<PretrainOptions>("pretrain", outDir), log, device, p.Quiet, resume: true);
    }

    private static int PretrainAndEvaluate(string outDir, MainNetwork network, Dataset data, PretrainOptions options, Serilog.ILogger log, torch.Device device, bool quiet, bool resume)
    {
        new Pretrainer(network, data, options, log, device).Run(outDir, progress: !quiet, resume);
        var results = new Evaluator(network, device).EvaluateModels(data.Test, options.Solver);
        KillPoint.Reach("pretrain-evaluated");
        EvalCommand.WriteModelTable(outDir, results, print: !quiet);
        PretrainState.Finish(outDir);
        log.Information("Done. Evaluate later with: dynalay eval --run {Out}", outDir);
        return 0;
    }
}
