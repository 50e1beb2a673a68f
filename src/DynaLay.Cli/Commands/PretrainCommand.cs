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

    public static int Run(Args a)
    {
        int seed = a.Int("seed", 0, 0, int.MaxValue, "random seed (data order, initialisation, modes)");
        var dataOptions = CommonOptions.Dataset(a, seed);
        var defaults = new PretrainOptions();
        var options = new PretrainOptions
        {
            Epochs = a.Int("epochs", defaults.Epochs, 1, 100_000, "passes over the training split"),
            BatchSize = a.Int("batch", defaults.BatchSize, 1, 65_536, "batch size"),
            LearningRate = a.Double("lr", defaults.LearningRate, 1e-8, 10, "peak Adam learning rate"),
            Schedule = a.Choice("schedule", defaults.Schedule, ["onecycle", "constant"], "learning-rate schedule"),
            Fpi = a.String("fpi", defaults.Fpi, "layers in FPI mode: none | 1 | 1,2 | 1,2,3 | random (drawn per batch)"),
            CalibrationBatches = a.Int("calibration-batches", defaults.CalibrationBatches, 0, 100_000, "training batches that recompute each mode pattern's batch-norm statistics after every epoch (0: keep running averages)"),
            Seed = seed,
            Solver = CommonOptions.Solver(a),
        };
        var architecture = CommonOptions.Network(a);
        string outDir = a.String("out", "output run directory (default runs/pretrain-DATASET-SEED)") ?? $"runs/pretrain-{dataOptions.Name}-{seed}";
        bool quiet = a.Flag("quiet", "log to the run directory only, no progress bar or table on the console");
        var device = CommonOptions.Device(a);
        CommonOptions.Threads(a);
        if (a.HelpRequested) { Console.WriteLine($"dynalay pretrain: {Summary}\n{a.Help()}"); return 0; }
        a.EnsureAllUsed();
        if (!options.Fpi.Equals("random", StringComparison.OrdinalIgnoreCase)) LayerModes.Parse(options.Fpi, 3);

        torch.manual_seed(seed);
        using var data = DatasetCatalog.Load(dataOptions);
        var networkConfig = MainRun.NetworkFor(data, architecture);
        using var network = MainNetwork.Create(networkConfig);
        network.to(device);

        MainRun.Create(outDir);
        using var log = RunLogger.Create(outDir, console: !quiet);
        var config = new RunConfig();
        config.Set("command", new { name = "pretrain", args = Environment.GetCommandLineArgs().Skip(1).ToArray(), device = device.ToString(), threads = torch.get_num_threads() });
        MainRun.Describe(config, outDir, dataOptions, data, networkConfig, options.Solver);
        config.Set("pretrain", options);
        config.Save(Path.Combine(outDir, MainRun.ConfigFile));
        log.Information("Pretraining on {Dataset} ({Train} train / {Val} validation / {Test} test samples, {Classes} classes), FPI {Fpi}, {Epochs} epoch(s), writing {Out}",
                        data.Name, data.Train.Count, data.Validation.Count, data.Test.Count, data.NumClasses, options.Fpi, options.Epochs, outDir);

        new Pretrainer(network, data, options, log, device).Run(outDir, progress: !quiet);

        var results = new Evaluator(network, device).EvaluateModels(data.Test, options.Solver);
        EvalCommand.WriteModelTable(outDir, results, print: !quiet);
        log.Information("Done. Evaluate later with: dynalay eval --run {Out}", outDir);
        return 0;
    }
}
