using System.CommandLine;
using System.Globalization;
using System.Text;
using DynaLay.Agents;
using DynaLay.Agents.Training;
using DynaLay.Cli.CommandLine;
using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Nets;
using DynaLay.Runs;
using DynaLay.Training;
using TorchSharp;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay eval: the test-split table of a run (Models 0..L of the main network).</summary>
public sealed class EvalCommand : CliCommand
{
    public const string Summary = "test-split table of a run: an agent against the baselines, or Models 0-3 of a pretrain run";

    private readonly Option<string> runOption;
    private readonly Option<string?> dataDirOption, envOption, solverOption;
    private readonly Option<int?> andersonMOption;
    private readonly ComputeOptionSet compute;

    public EvalCommand() : base("eval", Summary)
    {
        runOption = RequiredString("run", "the run directory to evaluate (written by pretrain or train)", "DIR");
        dataDirOption = String("data-dir", "read the data from here instead of the run's recorded directory", "DIR");
        envOption = OptionalChoice("env", ["table", "live"], "agent runs: where the environment's answers come from (default: as the run was trained)");
        solverOption = OptionalChoice("fpi-solver", ["picard", "anderson"],
            "pretrain runs: solve with this fixed-point solver instead of the run's own; the table goes to eval-models-SOLVER.csv");
        andersonMOption = OptionalInt("anderson-m", 1, 100, "with --fpi-solver anderson: past iterates mixed into the next (default: the run's, else 5)");
        compute = new ComputeOptionSet(this);
    }

    protected override int Run(Args a)
    {
        var (run, dataDir, env) = (a.Get(runOption), a.Get(dataDirOption), a.Get(envOption));
        var (solverName, andersonM) = (a.Get(solverOption), a.Get(andersonMOption));
        if (andersonM is not null && solverName != "anderson")
            throw new UsageException("eval: --anderson-m goes with --fpi-solver anderson.");
        var device = compute.Apply(a);

        if (File.Exists(Path.Combine(run, AgentTrainer.AgentCheckpoint)))
        {
            if (solverName is not null)
                throw new UsageException($"eval: --fpi-solver compares solvers on a pretrain run's Models table; {run} is an agent run, whose environment keeps the solver it was trained with.");
            using var opened = AgentRun.Open(run, dataDir, device);
            using var agent = AgentRun.CreateAgent(opened, run, device);
            agent.Load(AgentTrainer.FinalCheckpoint(run));
            var train = env is null ? opened.Train : opened.Train with { Env = env };
            train.Validate();
            var envs = AgentRun.Envs(AgentRun.TablesDir(run, train), opened.Network, train, device, Serilog.Core.Logger.None, progress: true);
            PrintAgentTable(run, EvaluateAgentAndBaselines(envs, opened.Data, agent, train));
            return 0;
        }
        if (File.Exists(Path.Combine(run, MainRun.ConfigFile)) && RunConfig.Load(Path.Combine(run, MainRun.ConfigFile)).CommandName == "train")
            throw new RunException($"{run} is a training run that has not finished its first epoch (no {AgentTrainer.AgentCheckpoint}). Continue it with: dynalay train --resume --out {run}");
        var (_, data, network, solver) = MainRun.Open(run, dataDir, device);
        string fileName = ModelTable.FileName;
        if (solverName is not null)
        {
            var kind = solverName == "anderson" ? Fpi.FpiSolverKind.Anderson : Fpi.FpiSolverKind.Picard;
            solver = solver with { Solver = kind, AndersonM = andersonM ?? solver.AndersonM };
            fileName = $"eval-models-{solverName}.csv";
        }
        using (data)
        using (network)
        {
            var results = new Evaluator(network, device).EvaluateModels(data.Test, solver, progress: true);
            WriteModelTable(run, results, fileName: fileName);
        }
        return 0;
    }

    /// <summary>The agent (greedy) and every baseline on the test split, in the same environment.</summary>
    public static List<AgentEvaluation> EvaluateAgentAndBaselines(EnvSource envs, Dataset data, IAgent agent, TrainOptions options, bool progress = true)
    {
        var (network, device) = (envs.Network, envs.Device);
        network.eval();
        var rows = new List<AgentEvaluation>();
        var names = new List<string> { "nop", "all" };
        names.AddRange(Enumerable.Range(1, network.NumLayers).Select(k => $"fixed:{k}"));
        names.AddRange(["random", "oracle"]);
        names.RemoveAll(n => n == agent.Name);
        var bar = new Util.ProgressBar($"evaluate {agent.Name} and {names.Count} baselines on test", names.Count + 1, progress);
        bar.Report(0);
        var trainer = new AgentTrainer(network, data, agent, options, Serilog.Core.Logger.None, device);
        using (var env = envs.Create(data.Test, trainer.EnvOptions(false, shuffle: false)))
            rows.Add(AgentEvaluator.Evaluate(env, agent, device));
        bar.Report(1, agent.Name);
        foreach (var name in names)
        {
            using var baselineProbe = new LayerSelectionEnv(network, data.Test, new() { BatchSize = 1, Observation = options.ObservationExtras }, device);
            using var baseline = AgentRegistry.Create(name, AgentContext.For(baselineProbe, device, options.Seed));
            var baselineTrainer = new AgentTrainer(network, data, baseline, options, Serilog.Core.Logger.None, device);
            using var env = envs.Create(data.Test, baselineTrainer.EnvOptions(false, shuffle: false));
            rows.Add(AgentEvaluator.Evaluate(env, baseline, device));
            bar.Report(rows.Count, name);
        }
        bar.Done();
        return rows;
    }

    public static void PrintAgentTable(string run, IReadOnlyList<AgentEvaluation> rows, bool print = true)
    {
        EvalTable.Save(run, rows);
        if (!print) return;
        Console.WriteLine();
        Console.WriteLine($"Test split ({rows[0].Episodes} episodes), greedy policy, {run}:");
        Console.Write(EvalTable.Markdown(rows));
    }

    /// <summary>Prints the Models table and saves it in the run (eval-models.csv unless named).</summary>
    public static void WriteModelTable(string run, IReadOnlyList<EvalResult> results, bool print = true, string fileName = ModelTable.FileName)
    {
        static string Share(double v) => double.IsNaN(v) ? "-" : (100 * v).ToString("F1", CultureInfo.InvariantCulture) + "%";
        var sb = new StringBuilder();
        sb.AppendLine($"| model | test loss | test accuracy | mean compute | mean FPI iterations per layer | converged per FPI layer | seconds |");
        sb.AppendLine($"|---|---|---|---|---|---|---|");
        foreach (var r in results)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Configuration} | {r.Loss:F4} | {100 * r.Accuracy:F2}% | {r.MeanCompute:F3} | {string.Join(" / ", r.MeanIterations.Select(i => i.ToString("F1", CultureInfo.InvariantCulture)))} | {string.Join(" / ", r.ConvergedShare.Select(Share))} | {r.Seconds:F1} |"));
        if (print)
        {
            Console.WriteLine();
            Console.WriteLine($"Test split ({results[0].Samples} samples), {run}:");
            Console.Write(sb.ToString());
        }

        // Wall-clock time stays out of the file: a run's files are the same bytes every time it is made.
        ModelTable.Save(run, results, fileName);
    }
}
