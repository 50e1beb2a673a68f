using System.Globalization;
using System.Text;
using DynaLay.Runs;

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
        var csv = new StringBuilder("agent,split,episodes,accuracy,mean_compute,mean_reward,"
            + string.Join(",", Enumerable.Range(0, actions).Select(a => a == 0 ? "freq_nop" : $"freq_layer{a}")) + ","
            + string.Join(",", Enumerable.Range(1, layers).Select(k => $"mean_iterations_layer{k}"))
            + ",difficulty_correlation,compute_easy_third,compute_hard_third,accuracy_easy_third,accuracy_hard_third\n");
        foreach (var r in rows)
            csv.AppendLine(string.Join(",", new[]
            {
                r.Agent, r.Split, r.Episodes.ToString(CultureInfo.InvariantCulture), F(r.Accuracy), F(r.MeanCompute), F(r.MeanReward),
            }.Concat(r.ActionFrequencies.Select(F)).Concat(r.MeanIterations.Select(F))
             .Concat([F(r.DifficultyCorrelation), F(r.EasyCompute), F(r.HardCompute), F(r.EasyAccuracy), F(r.HardAccuracy)])));
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), csv.ToString());

        var hist = new StringBuilder("agent,layer,iterations,samples\n");
        foreach (var r in rows)
            for (int k = 0; k < layers; k++)
                for (int n = 0; n < r.IterationHistogram[k].Length; n++)
                    if (r.IterationHistogram[k][n] > 0)
                        hist.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Agent},{k + 1},{n},{r.IterationHistogram[k][n]}"));
        AtomicFile.WriteAllText(Path.Combine(runDir, HistogramFileName), hist.ToString());
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
