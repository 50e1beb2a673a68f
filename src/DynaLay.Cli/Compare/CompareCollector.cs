using System.Globalization;
using System.Text.Json.Nodes;
using DynaLay.Agents.Training;
using DynaLay.Logging;
using DynaLay.Runs;

namespace DynaLay.Cli.Compare;

/// <summary>Reads finished cells (training runs with an eval.csv), wherever they were made.</summary>
public static class CompareCollector
{
    /// <param name="Network">The pretrained run whose network (and tables) the cell trained on.</param>
    public sealed record Cell(string Dir, string Learner, int Seed, double Penalty, List<CellResult> Results, List<TrainMetrics> Metrics, string IterationsCsv, string Network = "");

    /// <summary>Adds the policies evaluated once per network and penalty (<see cref="TablePolicies"/>) to every cell of that network and penalty.</summary>
    public static void AttachPolicies(IEnumerable<Cell> cells, IReadOnlyList<CellResult> policies)
    {
        foreach (var cell in cells)
            cell.Results.AddRange(policies.Where(p => p.Penalty == cell.Penalty && SameDir(p.Cell, cell.Network))
                                          .Select(p => p with { Cell = Path.GetFileName(cell.Dir), Learner = cell.Learner, Seed = cell.Seed }));
    }

    private static bool SameDir(string a, string b) =>
        a.Length > 0 && b.Length > 0 && Path.GetFullPath(a).TrimEnd('/') == Path.GetFullPath(b).TrimEnd('/');

    public static bool IsFinished(string dir) => File.Exists(Path.Combine(dir, EvalTable.FileName)) && File.Exists(Path.Combine(dir, TrainerState.FileName));

    /// <summary>Every finished cell under a directory (searched recursively).</summary>
    public static List<Cell> Collect(string root)
    {
        if (!Directory.Exists(root)) throw new RunException($"{root} does not exist.");
        var cells = new List<Cell>();
        foreach (var state in Directory.EnumerateFiles(root, TrainerState.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string dir = Path.GetDirectoryName(state)!;
            if (!IsFinished(dir)) continue;
            cells.Add(Read(dir));
        }
        if (cells.Count == 0) throw new RunException($"{root} holds no finished cells (training runs with {EvalTable.FileName}).");
        return cells;
    }

    private static Cell Read(string dir)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, MainRun.ConfigFile)))!.AsObject();
        string learner = config["agent"]?["name"]?.GetValue<string>() ?? throw new RunException($"{dir}/config.json has no agent.");
        int seed = config["train"]?["seed"]?.GetValue<int>() ?? 0;
        double penalty = config["train"]?["beta"]?.GetValue<double>() ?? double.NaN;
        var lines = File.ReadAllLines(Path.Combine(dir, EvalTable.FileName));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name) is int i and >= 0 ? i : throw new RunException($"{dir}/{EvalTable.FileName} has no column {name}.");
        var freqCols = header.Select((h, i) => (h, i)).Where(p => p.h.StartsWith("freq_", StringComparison.Ordinal)).Select(p => p.i).ToArray();
        var results = new List<CellResult>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',');
            double D(string c) => double.Parse(f[Col(c)], CultureInfo.InvariantCulture);
            results.Add(new CellResult(Path.GetFileName(dir), learner, seed, penalty, f[Col("agent")],
                D("accuracy"), D("mean_compute"), D("mean_reward"), freqCols.Select(i => double.Parse(f[i], CultureInfo.InvariantCulture)).ToArray(),
                D("difficulty_correlation"), D("compute_easy_third"), D("compute_hard_third")));
        }
        var metrics = CsvLog<TrainMetrics>.Read(Path.Combine(dir, "metrics.csv"));
        string iterations = Path.Combine(dir, EvalTable.HistogramFileName);
        string network = config["train"]?["tables"]?.GetValue<string>() ?? "";
        return new Cell(dir, learner, seed, penalty, results, metrics, File.Exists(iterations) ? iterations : "", network);
    }
}
