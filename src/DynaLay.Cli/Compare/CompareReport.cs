using System.Globalization;
using System.Text;
using DynaLay.Logging;
using DynaLay.Stats;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace DynaLay.Cli.Compare;

/// <summary>
/// Aggregates finished cells into summary.csv and report.md: per agent and penalty, the mean and the
/// 95% confidence interval over seeds (Student t) of test accuracy, compute and reward, and a paired
/// t-test of each learner's reward against the best baseline at that penalty. The oracle (cheapest right mode set) and the clairvoyant optimum (the highest-reward action sequence, seeing the label) are ceilings. \"reward IQM\": the interquartile mean over runs with its stratified-bootstrap 95% interval; \"P(improvement)\": the probability that a run of the learner earns more than a run of the best non-learned policy (rliable, Agarwal et al. 2021).
/// </summary>
public static class CompareReport
{
    public static readonly string[] BaselineNames = ["nop", "all", "fixed:1", "fixed:2", "fixed:3", "random"];

    /// <summary>
    /// Policies that see the label, reported as ceilings, never as a bar to beat: the oracle (the cheapest mode set
    /// that answers right) and the clairvoyant optimum (the action sequence with the highest reward).
    /// </summary>
    public static readonly string[] Ceilings = ["oracle", "clairvoyant"];

    public static List<SummaryRow> Summarise(IReadOnlyList<CompareCollector.Cell> cells)
    {
        var rows = new List<SummaryRow>();
        foreach (var penalty in cells.Select(c => c.Penalty).Distinct().Order())
        {
            var atPenalty = cells.Where(c => c.Penalty == penalty).ToList();
            // Baselines do not depend on the learner: take them from one cell per seed.
            var perSeed = atPenalty.GroupBy(c => c.Seed).Select(g => g.OrderBy(c => c.Dir, StringComparer.Ordinal).First()).ToList();
            var thresholds = perSeed.SelectMany(c => c.Results.Select(r => r.Agent)).Where(n => n.StartsWith("threshold:", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal);
            var baselineRows = BaselineNames.Concat(thresholds).Concat(Ceilings).Append(TablePolicies.Imitation)
                .Select(name => (name, results: perSeed.SelectMany(c => c.Results.Where(r => r.Agent == name)).ToList()))
                .Where(p => p.results.Count > 0)
                .ToList();
            var best = baselineRows.Where(p => !Ceilings.Contains(p.name) && p.name != TablePolicies.Imitation).OrderByDescending(p => p.results.Average(r => r.Reward)).FirstOrDefault();

            foreach (var learner in atPenalty.Select(c => c.Learner).Distinct().Order(StringComparer.Ordinal))
            {
                var own = atPenalty.Where(c => c.Learner == learner).SelectMany(c => c.Results.Where(r => r.Agent == c.Learner)).ToList();
                double diff = double.NaN, p = double.NaN;
                if (best.results is { Count: > 0 })
                {
                    var pairs = own.Select(r => (r.Seed, r.Reward))
                        .Join(best.results, a => a.Seed, b => b.Seed, (a, b) => a.Reward - b.Reward).ToList();
                    (diff, p) = PairedTTest(pairs);
                }
                var rewards = own.Select(r => r.Reward).ToList();
                var (low, high) = rewards.Count > 0 ? Rliable.IqmCi(rewards) : (double.NaN, double.NaN);
                double improvement = best.results is { Count: > 0 } && rewards.Count > 0
                    ? Rliable.ProbabilityOfImprovement(rewards, best.results.Select(r => r.Reward).ToList()) : double.NaN;
                rows.Add(Row(learner, "learner", penalty, own, best.name ?? "-", diff, p) with
                {
                    RewardIqm = rewards.Count > 0 ? Rliable.InterquartileMean(rewards) : double.NaN,
                    RewardIqmLow = low,
                    RewardIqmHigh = high,
                    ProbabilityOfImprovement = improvement,
                });
            }
            foreach (var (name, results) in baselineRows)
                rows.Add(Row(name, Ceilings.Contains(name) ? "ceiling" : name == TablePolicies.Imitation ? "bound" : "baseline", penalty, results, "-", double.NaN, double.NaN));
        }
        return rows;
    }

    private static SummaryRow Row(string agent, string kind, double penalty, List<CellResult> r, string best, double diff, double p)
    {
        var (acc, accCi) = MeanCi(r.Select(x => x.Accuracy).ToList());
        var (comp, compCi) = MeanCi(r.Select(x => x.Compute).ToList());
        var (rew, rewCi) = MeanCi(r.Select(x => x.Reward).ToList());
        int actions = r.Count == 0 ? 0 : r[0].ActionFrequencies.Length;
        var freq = Enumerable.Range(0, actions).Select(a => r.Average(x => x.ActionFrequencies[a])).ToArray();
        return new SummaryRow(agent, kind, penalty, r.Select(x => x.Seed).Distinct().Count(), acc, accCi, comp, compCi, rew, rewCi, freq, best, diff, p);
    }

    /// <summary>Mean and the half-width of its 95% confidence interval (Student t, n - 1 degrees of freedom).</summary>
    public static (double Mean, double HalfWidth) MeanCi(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN);
        double mean = values.Average();
        if (values.Count < 2) return (mean, double.NaN);
        double sd = values.StandardDeviation();
        double t = StudentT.InvCDF(0, 1, values.Count - 1, 0.975);
        return (mean, t * sd / Math.Sqrt(values.Count));
    }

    /// <summary>Rewards that differ by less than this differ only in how their sums were rounded.</summary>
    public const double RoundingTolerance = 1e-12;

    /// <summary>Mean paired difference and the two-sided p-value of a paired t-test (NaN with fewer than 2 pairs).</summary>
    public static (double MeanDifference, double PValue) PairedTTest(IReadOnlyList<double> differences)
    {
        if (differences.Count == 0) return (double.NaN, double.NaN);
        double mean = differences.Average();
        if (differences.Count < 2) return (mean, double.NaN);
        double sd = differences.StandardDeviation();
        // A learner that plays the baseline's policy earns its reward up to the order of summation: no difference.
        if (Math.Abs(mean) < RoundingTolerance && sd < RoundingTolerance) return (0, 1);
        if (sd == 0) return (mean, 0);
        double t = mean / (sd / Math.Sqrt(differences.Count));
        return (mean, 2 * (1 - StudentT.CDF(0, 1, differences.Count - 1, Math.Abs(t))));
    }

    public static void WriteCsv(string path, IReadOnlyList<SummaryRow> rows)
    {
        int actions = rows.Max(r => r.ActionFrequencies.Length);
        string[] header =
        [
            "agent", "kind", "penalty", "seeds", "accuracy_mean", "accuracy_ci95", "compute_mean", "compute_ci95", "reward_mean", "reward_ci95",
            .. Enumerable.Range(0, actions).Select(a => a == 0 ? "freq_nop" : $"freq_layer{a}"),
            "best_baseline", "reward_minus_best_baseline", "p_value", "reward_iqm", "reward_iqm_ci95_low", "reward_iqm_ci95_high", "probability_of_improvement",
        ];
        CsvTable.Write(path, header, rows.Select(r => (IReadOnlyList<string>)
        [
            r.Agent, r.Kind, F(r.Penalty), CsvTable.Number(r.Seeds),
            F(r.Accuracy), F(r.AccuracyCi), F(r.Compute), F(r.ComputeCi), F(r.Reward), F(r.RewardCi),
            .. Enumerable.Range(0, actions).Select(a => F(r.ActionFrequencies.ElementAtOrDefault(a))),
            r.BestBaseline, F(r.RewardVsBest), F(r.PValue), F(r.RewardIqm), F(r.RewardIqmLow), F(r.RewardIqmHigh), F(r.ProbabilityOfImprovement),
        ]));
    }

    public static string Markdown(IReadOnlyList<SummaryRow> rows, string title, IEnumerable<string> plots, string? timing = null)
    {
        var sb = new StringBuilder($"# {title}\n\n");
        if (timing is not null) sb.AppendLine(timing).AppendLine();
        sb.AppendLine("Test split, greedy policies. Mean over seeds ± half-width of the 95% confidence interval (Student t). " +
                      "\"vs best baseline\": mean paired difference in reward against the baseline with the highest mean reward at that penalty, " +
                      "and the two-sided p-value of a paired t-test over seeds. The oracle (cheapest right mode set) and the clairvoyant optimum (the highest-reward action sequence, seeing the label) are ceilings. \"reward IQM\": the interquartile mean over runs with its stratified-bootstrap 95% interval; \"P(improvement)\": the probability that a run of the learner earns more than a run of the best non-learned policy (rliable, Agarwal et al. 2021).\n");
        sb.AppendLine(Verdict(rows)).AppendLine();
        foreach (var penalty in rows.Select(r => r.Penalty).Distinct().Order())
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"## Penalty {penalty:0.###}\n"));
            sb.AppendLine(Table(rows.Where(r => r.Penalty == penalty).ToList()));
        }
        sb.AppendLine("## Plots\n");
        foreach (var p in plots) sb.AppendLine($"![{Path.GetFileNameWithoutExtension(p)}]({p})\n");
        return sb.ToString();
    }

    /// <summary>
    /// In words: which learner, if any, beats every non-learned policy (the interquartile mean's 95% interval
    /// above the best non-learned policy's reward) at which penalties, and how far from the ceilings it ends.
    /// </summary>
    public static string Verdict(IReadOnlyList<SummaryRow> rows)
    {
        var sb = new StringBuilder();
        var learners = rows.Where(r => r.Kind == "learner").ToList();
        foreach (var learner in learners.Select(r => r.Agent).Distinct().Order(StringComparer.Ordinal))
        {
            var wins = new List<string>();
            foreach (var r in learners.Where(r => r.Agent == learner).OrderBy(r => r.Penalty))
            {
                double best = rows.Where(b => b.Penalty == r.Penalty && b.Agent == r.BestBaseline).Select(b => b.Reward).DefaultIfEmpty(double.NaN).First();
                if (r.RewardIqmLow > best) wins.Add(r.Penalty.ToString("0.###", CultureInfo.InvariantCulture));
            }
            sb.AppendLine(wins.Count == 0
                ? $"- **{learner}** does not beat the best non-learned policy at any penalty (its reward IQM's 95% interval never lies above it)."
                : $"- **{learner}** beats every non-learned policy, its reward IQM's 95% interval above the best of them, at penalty {string.Join(", ", wins)}.");
        }
        return sb.ToString().TrimEnd();
    }

    public static string Table(IReadOnlyList<SummaryRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| penalty | agent | seeds | accuracy | compute | reward | reward IQM [95% CI] | actions NOP / L1.. | vs best non-learned (p) | P(improvement) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Penalty:0.###} | {r.Agent}{(r.Kind == "ceiling" ? " (ceiling)" : r.Kind == "bound" ? " (bound)" : "")} | {r.Seeds} | {Pm(100 * r.Accuracy, 100 * r.AccuracyCi, "F2")}% | {Pm(r.Compute, r.ComputeCi, "F3")} | {Pm(r.Reward, r.RewardCi, "F4")} | {(r.Kind == "learner" ? $"{r.RewardIqm:F4} [{r.RewardIqmLow:F4}, {r.RewardIqmHigh:F4}]" : "")} | {string.Join(" / ", r.ActionFrequencies.Select(f => f.ToString("F2", CultureInfo.InvariantCulture)))} | {(r.Kind == "learner" ? $"{r.RewardVsBest:+0.0000;-0.0000} vs {r.BestBaseline} ({(double.IsNaN(r.PValue) ? "n/a" : r.PValue.ToString("F3", CultureInfo.InvariantCulture))})" : "")} | {(r.Kind == "learner" ? r.ProbabilityOfImprovement.ToString("F2", CultureInfo.InvariantCulture) : "")} |"));
        return sb.ToString();
    }

    private static string Pm(double mean, double ci, string format) =>
        double.IsNaN(ci) ? mean.ToString(format, CultureInfo.InvariantCulture) : $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {ci.ToString(format, CultureInfo.InvariantCulture)}";

    private static string F(double v) => CsvTable.Number(v);
}
