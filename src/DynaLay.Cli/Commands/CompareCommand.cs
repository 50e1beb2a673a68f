using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DynaLay.Agents;
using DynaLay.Agents.Training;
using DynaLay.Cli.CommandLine;
using DynaLay.Cli.Compare;
using DynaLay.Runs;
using DynaLay.Util;
using TorchSharp;
using CompareOptions = DynaLay.Cli.Compare.CompareOptions;

namespace DynaLay.Cli.Commands;

/// <summary>
/// dynalay compare: agents x seeds x penalties, each cell a training run of its own; then report.md,
/// summary.csv and plots. Finished cells are skipped when run again, a crashed cell resumes. --plan
/// prints one command per cell for a cluster; --collect DIR builds the report from finished runs.
/// </summary>
public sealed class CompareCommand : CliCommand
{
    public const string Summary = "compare agents over seeds and penalties: report.md, summary.csv, plots (the main job)";

    private readonly Option<string> dataset, agents, penalties, recurrence, observation, outDir;
    private readonly Option<string?> dataDir, collectOption, channels, pretrainFpi, textFeedback;
    private readonly Option<int> seeds, networkSeeds, epochs;
    private readonly Option<int?> pretrainEpochs, agentSamples, syntheticTrain, syntheticTest, limit, threads;
    private readonly Option<bool> planOption;

    public CompareCommand() : base("compare", Summary)
    {
        var d = new CompareOptions();
        dataset = String("dataset", d.Dataset, "dataset of every cell (dynalay data list describes them)", "NAME");
        dataset.CompletionSources.Add(_ => DynaLay.Data.DatasetCatalog.All.Select(x => new System.CommandLine.Completions.CompletionItem(x.Name)));
        dataDir = String("data-dir", "directory holding the dataset's files", "DIR");
        agents = String("agents", string.Join(",", d.Agents), "learners to compare, comma-separated (baselines and the oracle come with every cell)", "NAMES");
        seeds = Int("seeds", d.Seeds, 1, 1000, "agent seeds per learner and penalty");
        networkSeeds = Int("network-seeds", d.NetworkSeeds, 1, 1000, "pretrained main networks (agent seed s uses network s mod N)");
        agentSamples = OptionalInt("agent-samples", 1, int.MaxValue, $"agents learn on the first N training samples (default {d.AgentSamples})");
        penalties = String("penalties", string.Join(",", d.Penalties.Select(p => p.ToString(CultureInfo.InvariantCulture))), "penalties (beta), comma-separated", "X,...");
        epochs = Int("epochs", d.Epochs, 1, 100_000, "agent training epochs per cell");
        pretrainEpochs = OptionalInt("pretrain-epochs", 1, 100_000, "pretraining epochs of each network (default: pretrain's, 1 for images and 5 for text)");
        recurrence = Choice("recurrence", d.Recurrence, ["dense", "depthwise", "separable", "block"], "image FPI blocks' recurrent map in the pretrained networks (see pretrain --help)");
        channels = String("channels", "image: channels of the pretrained networks' three blocks (see pretrain --help)", "C1,C2,C3");
        textFeedback = OptionalChoice("text-feedback", ["causal", "bidirectional"], "text: what the pretrained networks' FPI feedback reads (see pretrain --help; default causal)");
        pretrainFpi = String("pretrain-fpi", "modes the networks are pretrained in (pretrain --fpi; default random)", "MODES");
        // Checked here, not when the first network is pretrained: by then the comparison's directory exists.
        NetworkOptionSet.CheckChannels(channels);
        pretrainFpi.Validators.Add(r =>
        {
            string? value = r.GetValueOrDefault<string?>();
            if (value is null || value.ToLowerInvariant() is "random" or "paired") return;
            try { DynaLay.Nets.LayerModes.Parse(value, 3); }
            catch (ArgumentException e) { r.AddError($"--pretrain-fpi: {e.Message}"); }
        });
        observation = ObservationOption.Add(this, d.Observation, "what the observation carries beside pooled activations and confidence: none | spread,margin,probe (see train --help)");
        syntheticTrain = OptionalInt("synthetic-train", 10, 10_000_000, $"synthetic: training samples, validation included (default {d.SyntheticTrain})");
        syntheticTest = OptionalInt("synthetic-test", 10, 10_000_000, $"synthetic: test samples (default {new DynaLay.Data.DatasetOptions().SyntheticTest})");
        limit = OptionalInt("limit", 1, int.MaxValue, "at most this many samples per split");
        threads = OptionalInt("threads", 1, 1024, "CPU threads for tensor ops");
        outDir = String("out", d.Out, "the comparison's directory", "DIR");
        planOption = Flag("plan", "print one command line per cell (for a cluster scheduler) and exit");
        collectOption = String("collect", "build the report from the finished runs under this directory, running nothing", "DIR");
    }

    protected override int Run(Args a)
    {
        var d = new CompareOptions();
        var options = new CompareOptions
        {
            Dataset = a.Get(dataset),
            DataDir = a.Get(dataDir),
            Agents = a.Get(agents).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Seeds = a.Get(seeds),
            NetworkSeeds = a.Get(networkSeeds),
            AgentSamples = a.Get(agentSamples) ?? d.AgentSamples,
            Penalties = ParsePenalties(a.Get(penalties)),
            Epochs = a.Get(epochs),
            PretrainEpochs = a.Get(pretrainEpochs),
            Recurrence = a.Get(recurrence),
            Channels = a.Get(channels),
            PretrainFpi = a.Get(pretrainFpi),
            TextFeedback = a.Get(textFeedback),
            Observation = a.Get(observation),
            SyntheticTrain = a.Get(syntheticTrain) ?? d.SyntheticTrain,
            SyntheticTest = a.Get(syntheticTest),
            Limit = a.Get(limit),
            Threads = a.Get(threads),
            Out = a.Get(outDir),
        };
        var (plan, collect) = (a.Get(planOption), a.Get(collectOption));
        foreach (var agent in options.Agents)
        {
            using var probe = AgentRegistry.Create(agent, new AgentContext(1, 3));
            if (!probe.IsLearner) throw new UsageException($"compare: '{agent}' is a baseline; every cell already evaluates nop, all, fixed:K, random and the oracle. List learners in --agents (evaluate a threshold:K:P rule with dynalay train --agent threshold:K:P --from RUN).");
        }

        if (collect is not null) return Report(collect, options.Out, null);
        if (plan)
        {
            foreach (int seed in Enumerable.Range(0, options.NetworkSeeds))
                Console.WriteLine(CommandText(options.PretrainArgs(seed)));
            foreach (var (agent, seed, penalty) in Cells(options))
                Console.WriteLine(CommandText(options.TrainArgs(agent, seed, penalty)));
            return 0;
        }
        return RunAll(options);
    }

    private static IEnumerable<(string Agent, int Seed, double Penalty)> Cells(CompareOptions o) =>
        from penalty in o.Penalties from seed in Enumerable.Range(0, o.Seeds) from agent in o.Agents select (agent, seed, penalty);

    private static int RunAll(CompareOptions options)
    {
        var clock = Stopwatch.StartNew();
        // Every cell reads the same data: load it once.
        using var datasets = DynaLay.Data.DatasetCatalog.Share();
        Directory.CreateDirectory(options.Out);
        var cells = Cells(options).ToList();
        int networks = Math.Min(options.NetworkSeeds, options.Seeds);
        int done = 0;
        Console.Error.WriteLine($"compare: {options.Agents.Length} agent(s) x {options.Seeds} seed(s) x {options.Penalties.Length} penalt{(options.Penalties.Length == 1 ? "y" : "ies")} = {cells.Count} cells on {options.Dataset}, in {options.Out}");
        var phases = new List<(string Phase, double Seconds)>();
        foreach (int seed in Enumerable.Range(0, networks))
        {
            string dir = options.PretrainDir(seed);
            if (!File.Exists(Path.Combine(dir, MainRun.CheckpointFile)) || !File.Exists(Path.Combine(dir, "eval-models.csv")))
            {
                Discard(dir);
                // Pretraining is the longest phase: its progress and Models 0-3 table show.
                Console.Error.WriteLine($"compare: pretraining network {seed + 1} of {networks} in {dir}");
                Invoke(options.PretrainArgs(seed));
            }
        }
        phases.Add(("pretraining", clock.Elapsed.TotalSeconds));
        var policies = new List<CellResult>();
        foreach (int seed in Enumerable.Range(0, networks))
        {
            Console.Error.WriteLine($"compare: tables and table policies of network {seed + 1} of {networks}");
            policies.AddRange(Tabulate(options, options.PretrainDir(seed)));
        }
        TablePolicies.Write(Path.Combine(options.Out, TablePolicies.FileName), policies);
        phases.Add(("tables and table policies", clock.Elapsed.TotalSeconds - phases.Sum(p => p.Seconds)));
        int skipped = 0;
        // The cells are alike in cost, so their bar's rate and ETA mean something.
        var bar = new ProgressBar("compare cells", cells.Count);
        foreach (var (agent, seed, penalty) in cells)
        {
            string dir = options.CellDir(agent, seed, penalty);
            if (CompareCollector.IsFinished(dir)) skipped++;
            else if (File.Exists(Path.Combine(dir, MainRun.ConfigFile))) Invoke(["train", "--resume", "--out", dir, "--quiet", .. ThreadArgs(options)]);
            else
            {
                Discard(dir);
                Invoke([.. options.TrainArgs(agent, seed, penalty), "--quiet"]);
            }
            bar.Report(++done, $"{agent} seed {seed} penalty {penalty.ToString(CultureInfo.InvariantCulture)}");
        }
        bar.Done();
        phases.Add(("cells", clock.Elapsed.TotalSeconds - phases.Sum(p => p.Seconds)));
        var report = Stopwatch.StartNew();
        string Timing() => $"{cells.Count} cells ({skipped} already finished), {networks} pretrained network(s), {clock.Elapsed.TotalMinutes:F1} min: " +
                           string.Join(", ", phases.Append(("report", report.Elapsed.TotalSeconds)).Select(p => $"{p.Item1} {p.Item2:F0} s")) + ".";
        return Report(Path.Combine(options.Out, "cells"), options.Out, Timing);
    }

    /// <summary>
    /// Builds (or finds cached) the mode-set tables every cell of a pretrained network steps on, and evaluates the
    /// policies that need no training from them, once per penalty.
    /// </summary>
    private static List<CellResult> Tabulate(CompareOptions options, string pretrainDir)
    {
        var device = torch.CPU;
        var (_, data, network, solver) = MainRun.Open(pretrainDir, options.DataDir, device, options.Limit);
        using (data)
        using (network)
        {
            var train = new TrainOptions { Solver = solver, AgentSamples = options.AgentSamples, Observation = options.Observation };
            var envs = AgentRun.Envs(pretrainDir, network, train, device, Serilog.Core.Logger.None, progress: true);
            var agentTrain = options.AgentSamples is int n ? data.Train.Head(n) : data.Train;
            foreach (var split in new[] { agentTrain, data.Validation, data.Test }) envs.TableOf(split);
            if (pretrainDir == options.PretrainDir(0))
                TablePolicies.WriteCurve(Path.Combine(options.Out, TablePolicies.CurveFileName), TablePolicies.Curve(envs, data.Test, train));
            return options.Penalties.SelectMany(p => TablePolicies.Evaluate(pretrainDir, network, data, agentTrain, envs, p, train)).ToList();
        }
    }

    private static string[] ThreadArgs(CompareOptions o) => o.Threads is int t ? ["--threads", t.ToString(CultureInfo.InvariantCulture)] : [];

    /// <summary>A cell that never wrote its trainer state holds nothing worth keeping (it died during setup).</summary>
    private static void Discard(string dir)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private static void Invoke(string[] args)
    {
        CliCommand command = args[0] == "pretrain" ? new PretrainCommand() : new TrainCommand();
        int code = command.Invoke(args[1..]);
        if (code != 0) throw new RunException($"compare: `{CommandText(args)}` failed with exit code {code}; see its log.txt.");
    }

    private static int Report(string cellsDir, string outDir, Func<string>? timingAfterReport)
    {
        var cells = CompareCollector.Collect(cellsDir);
        // The table policies sit beside the cells' folder (compare writes OUT/policies.csv and OUT/cells/).
        string Beside(string file) => File.Exists(Path.Combine(outDir, file)) ? Path.Combine(outDir, file) : Path.Combine(cellsDir, "..", file);
        CompareCollector.AttachPolicies(cells, TablePolicies.Read(Beside(TablePolicies.FileName)));
        var rows = CompareReport.Summarise(cells);
        Directory.CreateDirectory(outDir);
        CompareReport.WriteCsv(Path.Combine(outDir, "summary.csv"), rows);
        var plots = ComparePlots.All(outDir, rows, cells, TablePolicies.ReadCurve(Beside(TablePolicies.CurveFileName)));
        string title = $"DynaLay comparison: {cells.Select(c => c.Learner).Distinct().Count()} agents, {cells.Select(c => c.Seed).Distinct().Count()} seeds, penalties {string.Join(", ", cells.Select(c => c.Penalty).Distinct().Order().Select(p => p.ToString(CultureInfo.InvariantCulture)))}";
        string? timing = timingAfterReport?.Invoke();
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.md"), CompareReport.Markdown(rows, title, plots, timing));
        Console.WriteLine();
        Console.Write(CompareReport.Table(rows));
        Console.WriteLine();
        if (timing is not null) Console.WriteLine(timing);
        Console.WriteLine($"Report: {Path.Combine(outDir, "report.md")} (summary.csv and {plots.Count} plots beside it)");
        return 0;
    }

    private static double[] ParsePenalties(string text)
    {
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= 0) || double.IsInfinity(v))
                throw new UsageException($"compare: --penalties '{part}' is not a penalty (a number >= 0).");
            values.Add(v);
        }
        if (values.Count == 0) throw new UsageException("compare: --penalties needs at least one value.");
        return values.Distinct().ToArray();
    }

    private static string CommandText(string[] args) =>
        "dynalay " + string.Join(" ", args.Select(x => x.Contains(' ') ? $"'{x}'" : x));
}
