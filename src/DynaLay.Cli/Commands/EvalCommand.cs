using System.Globalization;
using System.Text;
using DynaLay.Cli.CommandLine;
using DynaLay.Runs;
using DynaLay.Training;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay eval: the test-split table of a run (Models 0..L of the main network).</summary>
public static class EvalCommand
{
    public const string Summary = "test loss, accuracy and compute of a run's network in Models 0-3";

    public static int Run(Args a)
    {
        string run = a.String("run", "the run directory to evaluate") ?? throw new UsageException("eval: --run DIR is required (a directory written by pretrain or train).");
        string? dataDir = a.String("data-dir", "read the data from here instead of the run's recorded directory");
        var device = CommonOptions.Device(a);
        CommonOptions.Threads(a);
        if (a.HelpRequested) { Console.WriteLine($"dynalay eval: {Summary}\n{a.Help()}"); return 0; }
        a.EnsureAllUsed();

        var (_, data, network, solver) = MainRun.Open(run, dataDir, device);
        using (data)
        using (network)
        {
            var results = new Evaluator(network, device).EvaluateModels(data.Test, solver);
            WriteModelTable(run, results);
        }
        return 0;
    }

    /// <summary>Prints the Models table and saves it as eval-models.csv in the run.</summary>
    public static void WriteModelTable(string run, IReadOnlyList<EvalResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"| model | test loss | test accuracy | mean compute | mean FPI iterations per layer |");
        sb.AppendLine($"|---|---|---|---|---|");
        foreach (var r in results)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Configuration} | {r.Loss:F4} | {100 * r.Accuracy:F2}% | {r.MeanCompute:F3} | {string.Join(" / ", r.MeanIterations.Select(i => i.ToString("F1", CultureInfo.InvariantCulture)))} |"));
        Console.WriteLine();
        Console.WriteLine($"Test split ({results[0].Samples} samples), {run}:");
        Console.Write(sb.ToString());

        var csv = new StringBuilder("configuration,samples,loss,accuracy,mean_compute," +
                                    string.Join(",", results[0].MeanIterations.Select((_, k) => $"mean_iterations_layer{k + 1}")) + "\n");
        foreach (var r in results)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Configuration},{r.Samples},{r.Loss:R},{r.Accuracy:R},{r.MeanCompute:R},{string.Join(",", r.MeanIterations.Select(i => i.ToString("R", CultureInfo.InvariantCulture)))}"));
        AtomicFile.WriteAllText(Path.Combine(run, "eval-models.csv"), csv.ToString());
    }
}
