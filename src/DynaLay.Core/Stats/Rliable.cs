namespace DynaLay.Stats;

/// <summary>
/// Robust aggregate metrics and bootstrap confidence intervals for scores from several training runs, as
/// defined by Agarwal et al. 2021, "Deep Reinforcement Learning at the Edge of the Statistical Precipice"
/// (the rliable library): the interquartile mean, the stratified bootstrap percentile interval and the
/// probability of improvement.
/// </summary>
public static class Rliable
{
    /// <summary>
    /// The interquartile mean (IQM): the 25% trimmed mean, as <c>scipy.stats.trim_mean(scores, 0.25)</c>.
    /// The scores are sorted, <c>k = floor(0.25 n)</c> scores are removed from each end and the remaining
    /// <c>n - 2k</c> are averaged. For <c>n</c> divisible by 4 this is exactly the mean of the middle 50%;
    /// for <c>n &lt; 4</c> nothing is removed and the result is the plain mean. For several tasks, rliable
    /// pools the scores of all runs on all tasks into one list before trimming.
    /// </summary>
    /// <param name="scores">One score per run (in any order); at least one, none NaN.</param>
    public static double InterquartileMean(IReadOnlyList<double> scores)
    {
        RequireScores(scores, nameof(scores));
        var sorted = scores.ToArray();
        Array.Sort(sorted);
        int cut = (int)Math.Floor(0.25 * sorted.Length);
        double sum = 0;
        for (int i = cut; i < sorted.Length - cut; i++) sum += sorted[i];
        return sum / (sorted.Length - 2 * cut);
    }

    /// <summary>
    /// A stratified bootstrap percentile confidence interval. Each resample draws, independently within
    /// every task (stratum), as many runs as that task has, with replacement; the statistic is recomputed
    /// on the resampled tasks; the interval is given by the <c>(1 - confidence) / 2</c> and
    /// <c>(1 + confidence) / 2</c> quantiles of the resampled statistics (linear interpolation between order
    /// statistics, as numpy's default percentile). The same seed gives the same interval.
    /// </summary>
    /// <param name="runsPerTask">Scores per task: <c>runsPerTask[t][r]</c> is the score of run <c>r</c> on task <c>t</c>.
    /// Tasks may have different numbers of runs; every task needs at least one.</param>
    /// <param name="statistic">The statistic, computed on a list of tasks shaped like <paramref name="runsPerTask"/>.</param>
    /// <param name="resamples">Number of bootstrap resamples (at least 1).</param>
    /// <param name="confidence">Coverage of the interval, strictly between 0 and 1.</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that draws the resamples.</param>
    public static (double Low, double High) StratifiedBootstrapCi(
        IReadOnlyList<IReadOnlyList<double>> runsPerTask,
        Func<IReadOnlyList<IReadOnlyList<double>>, double> statistic,
        int resamples = 2000, double confidence = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(runsPerTask);
        ArgumentNullException.ThrowIfNull(statistic);
        if (runsPerTask.Count == 0)
            throw new ArgumentException("At least one task is needed; runsPerTask is empty.", nameof(runsPerTask));
        for (int t = 0; t < runsPerTask.Count; t++)
            RequireScores(runsPerTask[t], $"{nameof(runsPerTask)}[{t}]");
        if (resamples < 1)
            throw new ArgumentException($"resamples must be at least 1, got {resamples}.", nameof(resamples));
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentException($"confidence must be strictly between 0 and 1, got {confidence}.", nameof(confidence));

        var rng = new Random(seed);
        var values = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            var tasks = new double[runsPerTask.Count][];
            for (int t = 0; t < tasks.Length; t++)
            {
                var runs = runsPerTask[t];
                tasks[t] = new double[runs.Count];
                for (int r = 0; r < runs.Count; r++) tasks[t][r] = runs[rng.Next(runs.Count)];
            }
            values[b] = statistic(tasks);
        }
        Array.Sort(values);
        return (Quantile(values, (1 - confidence) / 2), Quantile(values, (1 + confidence) / 2));
    }

    /// <summary>
    /// The bootstrap percentile confidence interval of the <see cref="InterquartileMean"/> of one task's runs
    /// (<see cref="StratifiedBootstrapCi"/> with a single stratum).
    /// </summary>
    /// <param name="scores">One score per run; at least one, none NaN.</param>
    /// <param name="resamples">Number of bootstrap resamples (at least 1).</param>
    /// <param name="confidence">Coverage of the interval, strictly between 0 and 1.</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that draws the resamples.</param>
    public static (double Low, double High) IqmCi(
        IReadOnlyList<double> scores, int resamples = 2000, double confidence = 0.95, int seed = 0)
    {
        RequireScores(scores, nameof(scores));
        return StratifiedBootstrapCi([scores], tasks => InterquartileMean(tasks[0]), resamples, confidence, seed);
    }

    /// <summary>
    /// The probability of improvement of <paramref name="x"/> over <paramref name="y"/> on one task:
    /// P(X &gt; Y) for a run X drawn from <paramref name="x"/> and a run Y drawn from <paramref name="y"/>,
    /// counting ties as one half. Over all <c>n m</c> pairs this is the Mann-Whitney U statistic of
    /// <paramref name="x"/> divided by <c>n m</c>; identical samples give 0.5, and
    /// <c>P(x, y) + P(y, x) = 1</c>.
    /// </summary>
    /// <param name="x">Scores of the runs of the candidate; at least one, none NaN.</param>
    /// <param name="y">Scores of the runs of the baseline; at least one, none NaN.</param>
    public static double ProbabilityOfImprovement(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        RequireScores(x, nameof(x));
        RequireScores(y, nameof(y));
        double wins = 0;
        foreach (double a in x)
            foreach (double b in y)
                wins += a > b ? 1 : a == b ? 0.5 : 0;
        return wins / ((double)x.Count * y.Count);
    }

    /// <summary>
    /// The bootstrap percentile confidence interval of <see cref="ProbabilityOfImprovement"/>: each resample
    /// draws the runs of <paramref name="x"/> and of <paramref name="y"/> independently, with replacement.
    /// </summary>
    /// <param name="x">Scores of the runs of the candidate; at least one, none NaN.</param>
    /// <param name="y">Scores of the runs of the baseline; at least one, none NaN.</param>
    /// <param name="resamples">Number of bootstrap resamples (at least 1).</param>
    /// <param name="confidence">Coverage of the interval, strictly between 0 and 1.</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that draws the resamples.</param>
    public static (double Low, double High) ProbabilityOfImprovementCi(
        IReadOnlyList<double> x, IReadOnlyList<double> y, int resamples = 2000, double confidence = 0.95, int seed = 0)
    {
        RequireScores(x, nameof(x));
        RequireScores(y, nameof(y));
        return StratifiedBootstrapCi([x, y], s => ProbabilityOfImprovement(s[0], s[1]), resamples, confidence, seed);
    }

    // The q-quantile of ascending values, interpolating linearly between neighbouring order statistics.
    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        if (lo == pos || lo == sorted.Length - 1) return sorted[lo];
        return sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    private static void RequireScores(IReadOnlyList<double>? scores, string name)
    {
        if (scores is null) throw new ArgumentNullException(name);
        if (scores.Count == 0) throw new ArgumentException($"{name} is empty; at least one score is needed.", name);
        for (int i = 0; i < scores.Count; i++)
            if (double.IsNaN(scores[i])) throw new ArgumentException($"{name}[{i}] is NaN.", name);
    }
}
