using System.Globalization;
using System.Text;
using DynaLay.Logging;

namespace DynaLay.Agents.Training;

/// <summary>The agent-versus-baselines table of <c>dynalay eval</c>, printed and saved as CSV.</summary>
public static class EvalTable
{
    public const string FileName = "eval.csv";
    public const string HistogramFileName = "eval-iterations.csv";

    public static string Markdown(IReadOnlyList<AgentEvaluation> rows)
    {
        int actions = rows[0].ActionFrequencies.Length;
        var sb = new StringBuilder();
        sb.AppendLine("| agent | accuracy | compute | reward | actions NOP / L1..L" + (actions - 1) + " | mean FPI iterations per layer | corr(compute, difficulty) | compute easy / hard third | accuracy easy / hard third |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Agent} | {100 * r.Accuracy:F2}% | {r.MeanCompute:F3} | {r.MeanReward:F4} | {string.Join(" / ", r.ActionFrequencies.Select(f => f.ToString("F2", CultureInfo.InvariantCulture)))} | {string.Join(" / ", r.MeanIterations.Select(f => f.ToString("F2", CultureInfo.InvariantCulture)))} | {Num(r.DifficultyCorrelation, "F3")} | {Num(r.EasyCompute, "F3")} / {Num(r.HardCompute, "F3")} | {Percent(r.EasyAccuracy)} / {Percent(r.HardAccuracy)} |"));
        return sb.ToString();
    }

    private static string Num(double v, string format) => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);
    private static string Percent(double v) => double.IsNaN(v) ? "-" : (100 * v).ToString("F1", CultureInfo.InvariantCulture) + "%";

    public static void Save(string runDir, IReadOnlyList<AgentEvaluation> rows)
    {
        int actions = rows[0].ActionFrequencies.Length, layers = rows[0].MeanIterations.Length;
        string[] header =
        [
            "agent", "split", "episodes", "accuracy", "mean_compute", "mean_reward",
            .. Enumerable.Range(0, actions).Select(a => a == 0 ? "freq_nop" : $"freq_layer{a}"),
            .. Enumerable.Range(1, layers).Select(k => $"mean_iterations_layer{k}"),
            "difficulty_correlation", "compute_easy_third", "compute_hard_third", "accuracy_easy_third", "accuracy_hard_third",
        ];
        CsvTable.Write(Path.Combine(runDir, FileName), header, rows.Select(r => (IReadOnlyList<string>)
        [
            r.Agent, r.Split, N(r.Episodes), N(r.Accuracy), N(r.MeanCompute), N(r.MeanReward),
            .. r.ActionFrequencies.Select(N), .. r.MeanIterations.Select(N),
            N(r.DifficultyCorrelation), N(r.EasyCompute), N(r.HardCompute), N(r.EasyAccuracy), N(r.HardAccuracy),
        ]));

        var histogram = from r in rows
                        from k in Enumerable.Range(0, layers)
                        from n in Enumerable.Range(0, r.IterationHistogram[k].Length)
                        where r.IterationHistogram[k][n] > 0
                        select (IReadOnlyList<string>)[r.Agent, N(k + 1), N(n), N(r.IterationHistogram[k][n])];
        CsvTable.Write(Path.Combine(runDir, HistogramFileName), ["agent", "layer", "iterations", "samples"], histogram);
    }

    private static string N(double v) => CsvTable.Number(v);

    private static string N(long v) => CsvTable.Number(v);
}
