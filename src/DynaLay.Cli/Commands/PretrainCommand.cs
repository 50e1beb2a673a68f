using System.CommandLine;
using DynaLay.Cli.CommandLine;
using DynaLay.Data;
using DynaLay.Nets;
using DynaLay.Runs;
using DynaLay.Training;
using TorchSharp;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay pretrain: the warm-up of the main network; writes a run directory.</summary>
public sealed class PretrainCommand : CliCommand
{
    public const string Summary = "warm up the main network so every mode predicts sensibly (writes runs/NAME)";

    private sealed record Parsed(DatasetOptions Data, PretrainOptions Options, NetworkConfig Architecture, string Out, bool Quiet, bool Resume);

    private readonly Option<int> seed, batch, calibrationBatches;
    private readonly Option<int?> epochs;
    private readonly Option<double> lr;
    private readonly Option<string> schedule, fpi;
    private readonly Option<string?> classWeights, outDir;
    private readonly Option<bool> quiet, resume;
    private readonly DatasetOptionSet data;
    private readonly ComputeOptionSet compute;
    private readonly NetworkOptionSet network;
    private readonly SolverOptionSet solver;

    public PretrainCommand() : base("pretrain", Summary)
    {
        var (image, text) = (PretrainOptions.DefaultsFor(NetworkKind.Image), PretrainOptions.DefaultsFor(NetworkKind.Text));
        seed = Int("seed", 0, 0, int.MaxValue, "random seed (data order, initialisation, modes)");
        data = new DatasetOptionSet(this);
        epochs = OptionalInt("epochs", 1, 100_000, $"passes over the training split (default {image.Epochs} for images, {text.Epochs} for text)");
        batch = Int("batch", image.BatchSize, 1, 65_536, "batch size");
        lr = Double("lr", image.LearningRate, 1e-8, 10, "peak Adam learning rate");
        schedule = Choice("schedule", image.Schedule, ["onecycle", "constant"], "learning-rate schedule");
        fpi = String("fpi", image.Fpi, "layers in FPI mode: none | 1 | 1,2 | 1,2,3 | random (drawn per batch) | paired (every batch: the straight pass and a drawn set with FPI)", "MODES");
        classWeights = OptionalChoice("class-weights", ["none", "balanced"],
            $"loss weight per class: none | balanced (every class weighs the same whatever its share of the training split; default {image.ClassWeights} for images, {text.ClassWeights} for text)");
        calibrationBatches = Int("calibration-batches", image.CalibrationBatches, 0, 100_000, "training batches that recompute each mode pattern's batch-norm statistics after every epoch (0: keep running averages)");
        solver = new SolverOptionSet(this);
        network = new NetworkOptionSet(this);
        outDir = String("out", "output run directory (default runs/pretrain-DATASET-SEED)", "DIR");
        quiet = Flag("quiet", "log to the run directory only, no progress bar or table on the console");
        resume = Flag("resume", "continue the unfinished pretraining in --out (the other options must be as the run has them)");
        compute = new ComputeOptionSet(this);
    }

    protected override int Run(Args a)
    {
        var p = Parse(a);
        var device = compute.Apply(a);
        if (p.Resume) return Resume(a, p, device);
        var (dataOptions, options, outDir) = (p.Data, p.Options, p.Out);
        if (options.Fpi.ToLowerInvariant() is not ("random" or "paired")) LayerModes.Parse(options.Fpi, 3);
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

    private Parsed Parse(Args a)
    {
        int s = a.Get(seed);
        var dataOptions = data.Read(a, s);
        var kind = DatasetCatalog.All.FirstOrDefault(d => d.Name == dataOptions.Name)?.Modality == Modality.Text ? NetworkKind.Text : NetworkKind.Image;
        var defaults = PretrainOptions.DefaultsFor(kind);
        var options = defaults with
        {
            Epochs = a.Get(epochs) ?? defaults.Epochs,
            BatchSize = a.Get(batch),
            LearningRate = a.Get(lr),
            Schedule = a.Get(schedule),
            Fpi = a.Get(fpi),
            ClassWeights = a.Get(classWeights) ?? defaults.ClassWeights,
            CalibrationBatches = a.Get(calibrationBatches),
            Seed = s,
            Solver = solver.Read(a),
        };
        string run = a.Get(outDir) ?? $"runs/pretrain-{dataOptions.Name}-{s}";
        return new Parsed(dataOptions, options, network.Read(a), run, a.Get(quiet), a.Get(resume));
    }

    private static int Resume(Args a, Parsed p, torch.Device device)
    {
        string outDir = p.Out;
        var config = Resumption.Open(a, outDir);
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
        var results = new Evaluator(network, device).EvaluateModels(data.Test, options.Solver, progress: !quiet);
        KillPoint.Reach("pretrain-evaluated");
        EvalCommand.WriteModelTable(outDir, results, print: !quiet);
        PretrainState.Finish(outDir);
        log.Information("Done. Evaluate later with: dynalay eval --run {Out}", outDir);
        return 0;
    }
}
