using System.CommandLine;
using DynaLay.Agents;
using DynaLay.Agents.Training;
using DynaLay.Cli.CommandLine;
using DynaLay.Data;
using DynaLay.Nets;
using DynaLay.Runs;
using DynaLay.Training;
using TorchSharp;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay train: trains an agent against the layer-selection environment (pretraining first when no --from is given).</summary>
public sealed class TrainCommand : CliCommand
{
    public const string Summary = "train an agent (--agent NAME) against the environment; writes runs/NAME";

    /// <summary>What the command's arguments say.</summary>
    private sealed record Parsed(string Agent, Dictionary<string, string> Overrides, string? From, int Seed, bool Resume, bool Quiet,
                                 DatasetOptions Data, TrainOptions Train, NetworkConfig Architecture, int? PretrainEpochs, string Out,
                                 bool SolverGiven);

    public const string PretrainMetricsFile = "pretrain-metrics.csv";

    private readonly Option<string> agent, logEpisodes, trainMain, observation;
    private readonly Option<string?> agentOptions, from, select, env, outDir;
    private readonly Option<int> seed, epochs, batch;
    private readonly Option<int?> stepBudget, agentSamples, pretrainEpochs;
    private readonly Option<bool> resume, quiet;
    private readonly Option<double> mainLr, alpha, penalty, redundancyPenalty;
    private readonly DatasetOptionSet data;
    private readonly ComputeOptionSet compute;
    private readonly NetworkOptionSet network;
    private readonly SolverOptionSet solver;

    public TrainCommand() : base("train", Summary)
    {
        var defaults = new TrainOptions();
        agent = String("agent", "reinforce", "the agent (listed below with their hyperparameters)", "NAME");
        agent.CompletionSources.Add(_ => AgentRegistry.Specs.Select(s => new System.CommandLine.Completions.CompletionItem(s.Name)));
        agentOptions = String("agent-options", "agent hyperparameters as key=value,key=value (listed below)", "K=V,...");
        from = String("from", "a pretrain run to start from (default: pretrain first, in this run)", "DIR");
        seed = Int("seed", 0, 0, int.MaxValue, "random seed");
        resume = Flag("resume", "continue the run in --out from where it stopped (the other options must be as the run has them)");
        quiet = Flag("quiet", "log to the run directory only, no progress bar or table on the console");
        data = new DatasetOptionSet(this);
        epochs = Int("epochs", defaults.Epochs, 1, 100_000, "passes over the training split");
        batch = Int("batch", defaults.BatchSize, 1, 65_536, "episodes per batch");
        trainMain = Choice("train-main", defaults.TrainMain, ["frozen", "joint"], "main network during agent training");
        select = String("select", "agent the run ends with: best (highest validation reward; default when frozen) | last (default with joint)", "best|last");
        mainLr = Double("main-lr", defaults.MainLearningRate, 1e-8, 1, "main-network Adam learning rate (joint)");
        alpha = Double("alpha", defaults.Alpha, 0, 1000, "reward for a right answer");
        penalty = Double("penalty", defaults.Beta, 0, 1000, "beta: reward cost per straight-pass unit of compute");
        redundancyPenalty = Double("redundancy-penalty", defaults.RedundancyPenalty, 0, 1000, "penalty for selecting an iterated layer again");
        stepBudget = OptionalInt("step-budget", 1, 1000, "decisions per episode (default L + 1)");
        logEpisodes = String("log-episodes", defaults.LogEpisodes, "episodes to log: all | eval | none | every:N", "WHICH");
        agentSamples = OptionalInt("agent-samples", 1, int.MaxValue, "agents learn on the first N training samples (default: all)");
        solver = new SolverOptionSet(this);
        env = OptionalChoice("env", ["table", "live"], "the environment: table (a frozen network's answers looked up; the default when frozen) | live (the network runs every step; the default with joint)");
        observation = ObservationOption.Add(this, defaults.Observation, "what the observation carries beside each layer's pooled activation and the confidence: none, or any of spread (each layer's spread over positions), margin (top-2 margin), probe (each layer's one-iteration residual, charged one iteration per layer whose output is new), comma-separated");
        network = new NetworkOptionSet(this);
        pretrainEpochs = OptionalInt("pretrain-epochs", 1, 100_000, "pretraining epochs when no --from is given (default: pretrain's, 1 for images and 5 for text, which also weighs text classes balanced)");
        outDir = String("out", "output run directory (default runs/train-AGENT-DATASET-SEED)", "DIR");
        compute = new ComputeOptionSet(this);
    }

    /// <summary>What train --help adds after the options: every agent and its hyperparameters.</summary>
    public static string HelpEpilogue => $"Agents and their hyperparameters (--agent NAME --agent-options key=value,...):\n{AgentRegistry.Help()}";

    protected override int Run(Args a)
    {
        var p = Parse(a);
        var device = compute.Apply(a);
        if (p.Resume) return Resume(a, p, device);
        if (p.From is not null && network.Given(a))
            throw new UsageException($"train: --recurrence, --channels, --contraction and --text-feedback shape a new network, but with --from the network is the one in {p.From}. Drop them, or pretrain a network with them first.");
        p.Train.Validate();
        // Names and hyperparameters are checked before any data is loaded or any pretraining starts.
        AgentRegistry.Create(p.Agent, new AgentContext(1, 3), p.Overrides).Dispose();
        torch.manual_seed(p.Seed);
        return Start(a, p, device);
    }

    private Parsed Parse(Args a)
    {
        string agentName = a.Get(agent);
        int s = a.Get(seed);
        var dataOptions = data.Read(a, s);
        var options = new TrainOptions
        {
            Epochs = a.Get(epochs),
            BatchSize = a.Get(batch),
            TrainMain = a.Get(trainMain),
            Select = a.Get(select),
            MainLearningRate = a.Get(mainLr),
            Alpha = a.Get(alpha),
            Beta = a.Get(penalty),
            RedundancyPenalty = a.Get(redundancyPenalty),
            StepBudget = a.Get(stepBudget),
            LogEpisodes = a.Get(logEpisodes),
            Seed = s,
            AgentSamples = a.Get(agentSamples),
            Solver = solver.Read(a),
            Env = a.Get(env),
            Observation = a.Get(observation),
        };
        string run = a.Get(outDir) ?? $"runs/train-{agentName.Replace(':', '-')}-{dataOptions.Name}-{s}";
        return new Parsed(agentName, ParseOverrides(a.Get(agentOptions)), a.Get(from), s, a.Get(resume), a.Get(quiet), dataOptions, options,
                          network.Read(a), a.Get(pretrainEpochs), run, solver.MethodGiven(a));
    }

    private static int Start(Args a, Parsed p, torch.Device device)
    {
        // Everything that can fail on the user's input (a missing --from run, another dataset, unreadable
        // data, an --out that cannot be a run) is checked before the run directory is created, so a failed
        // start leaves nothing behind.
        var (from, dataOptions, outDir) = (p.From, p.Data, p.Out);
        MainRun.CheckNew(outDir);
        MainNetwork network;
        Dataset data;
        DatasetOptions? used = null;
        if (from is not null)
        {
            var opened = MainRun.Open(from, dataOptions.DataDir, device, dataOptions.Limit);
            (data, network) = (opened.Data, opened.Network);
            var fromData = opened.Config.Get<DatasetOptions>("dataset", from);
            if (!fromData.Name.Equals(dataOptions.Name, StringComparison.OrdinalIgnoreCase))
            {
                data.Dispose();
                network.Dispose();
                throw new RunException($"--from {from} was pretrained on '{fromData.Name}', not '{dataOptions.Name}'. Pass --dataset {fromData.Name}, or pretrain on {dataOptions.Name}.");
            }
            // The data as this run uses it: the pretrained run's settings, with this run's directory and sample cap.
            used = fromData with { DataDir = dataOptions.DataDir ?? fromData.DataDir, Limit = dataOptions.Limit ?? fromData.Limit, VocabularyPath = null };
            if (!p.SolverGiven) p = p with { Train = p.Train with { Solver = p.Train.Solver.WithMethodOf(opened.Solver) } };
        }
        else
        {
            data = DatasetCatalog.Load(dataOptions);
            network = MainNetwork.Create(MainRun.NetworkFor(data, p.Architecture));
            network.to(device);
        }

        using (data)
        using (network)
        {
            foreach (var split in data.Splits.Where(s => s.Count == 0))
                throw new RunException($"The {split.Name} split of {dataOptions.Name} is empty (--limit {dataOptions.Limit?.ToString() ?? "-"}); agent training needs samples in train, validation and test. Raise --limit; nothing was written.");
            MainRun.Create(outDir);
            using var log = RunLogger.Create(outDir, console: !p.Quiet);
            var config = new RunConfig();
            config.Set("command", new { name = "train", args = new[] { "train" }.Concat(a.Raw).ToArray(), device = device.ToString(), threads = torch.get_num_threads() });
            var options = p.Train with { Tables = p.Train.Tabulated ? from ?? outDir : null };
            PretrainOptions? pretrain = null;
            if (from is not null && used is not null)
            {
                AgentRun.CopyMainFiles(from, outDir);
                MainRun.Describe(config, outDir, used, data, network.Config, options.Solver);
                log.Information("Starting from {From}", from);
            }
            else
            {
                MainRun.Describe(config, outDir, dataOptions, data, network.Config, options.Solver);
                // Pretraining as `dynalay pretrain` does it by default for this kind of network.
                var defaults = PretrainOptions.DefaultsFor(network.Config.Kind);
                pretrain = defaults with { Epochs = p.PretrainEpochs ?? defaults.Epochs, Seed = options.Seed, Solver = options.Solver };
                config.Set("pretrain", pretrain);
            }
            config.Set("train", options);
            // The agent is built once the network it observes is final; until then its section holds the options asked for.
            config.Set("agent", new AgentSection(p.Agent, double.NaN, p.Overrides));
            config.Save(Path.Combine(outDir, MainRun.ConfigFile));
            if (pretrain is not null)
            {
                log.Information("No --from: pretraining the main network first ({Epochs} epoch(s))", pretrain.Epochs);
                Pretrain(outDir, network, data, pretrain, log, device, p.Quiet, resume: false);
            }
            network.eval();
            using var probe = new Envs.LayerSelection.LayerSelectionEnv(network, data.Train, new() { BatchSize = 1, Observation = options.ObservationExtras }, device);
            using var agent = AgentRegistry.Create(p.Agent, AgentContext.For(probe, device, options.Seed), p.Overrides);
            config.Set("agent", new AgentSection(agent.Name, agent.FlopsPerDecision, agent.Options));
            config.Save(Path.Combine(outDir, MainRun.ConfigFile));
            return TrainAndEvaluate(outDir, data, network, agent, options, log, device, resume: false, p.Quiet, from ?? outDir);
        }
    }

    /// <summary>Pretraining inside a training run (no --from): the network is read back from its checkpoint, as a resumed run reads it.</summary>
    private static void Pretrain(string outDir, MainNetwork network, Dataset data, PretrainOptions pretrain, Serilog.ILogger log, torch.Device device, bool quiet, bool resume)
    {
        new Pretrainer(network, data, pretrain, log, device).Run(outDir, progress: !quiet, resume, PretrainMetricsFile);
        Checkpoint.Load(network, Path.Combine(outDir, MainRun.CheckpointFile));
        PretrainState.Finish(outDir);
    }

    private static int Resume(Args a, Parsed p, torch.Device device)
    {
        string outDir = p.Out;
        var config = Resumption.Open(a, outDir);
        string? dataDir = p.Data.DataDir;
        using var log = RunLogger.Create(outDir, console: !p.Quiet);
        if (File.Exists(Path.Combine(outDir, MainRun.PretrainStateFile)))
        {
            var (_, data, network, _) = MainRun.OpenUnfinished(outDir, dataDir, device);
            using (data)
            using (network)
                Pretrain(outDir, network, data, config.Get<PretrainOptions>("pretrain", outDir), log, device, p.Quiet, resume: true);
        }
        using var run = AgentRun.Open(outDir, dataDir, device);
        using var agent = AgentRun.CreateAgent(run, outDir, device);
        if (double.IsNaN(run.Agent.FlopsPerDecision))
        {
            config.Set("agent", new AgentSection(agent.Name, agent.FlopsPerDecision, agent.Options));
            config.Save(Path.Combine(outDir, MainRun.ConfigFile));
        }
        return TrainAndEvaluate(outDir, run.Data, run.Network, agent, run.Train, log, device, resume: true, p.Quiet,
                                AgentRun.TablesDir(outDir, run.Train));
    }

    private static int TrainAndEvaluate(string outDir, Dataset data, MainNetwork network, IAgent agent, TrainOptions options,
                                        Serilog.ILogger log, torch.Device device, bool resume, bool quiet, string tablesDir)
    {
        var envs = AgentRun.Envs(tablesDir, network, options, device, log, progress: !quiet);
        log.Information("Training agent {Agent} on {Dataset}: {Epochs} epoch(s), penalty {Beta}, main network {Main}, writing {Out}",
                        agent.Name, data.Name, options.Epochs, options.Beta, options.TrainMain, outDir);
        new AgentTrainer(network, data, agent, options, log, device, envs).Run(outDir, resume, progress: !quiet);
        var rows = EvalCommand.EvaluateAgentAndBaselines(envs, data, agent, options, progress: !quiet);
        EvalCommand.PrintAgentTable(outDir, rows, print: !quiet);
        log.Information("Done. Evaluate again with: dynalay eval --run {Out}; replay with: dynalay replay {Out}", outDir);
        return 0;
    }

    public static Dictionary<string, string> ParseOverrides(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(text)) return result;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new UsageException($"train: --agent-options '{part}' is not key=value.");
            result[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        return result;
    }
}
