using System.Globalization;
using ScottPlot;

namespace DynaLay.Cli.Compare;

/// <summary>The comparison's PNG plots; each returns the file names it wrote (relative to the report).</summary>
public static class ComparePlots
{
    private const int Width = 800, Height = 500;

    public static List<string> All(string dir, IReadOnlyList<SummaryRow> rows, IReadOnlyList<CompareCollector.Cell> cells,
                                   IReadOnlyList<Envs.Tabulated.PolicySummary>? thresholdCurve = null)
    {
        var files = new List<string> { AccuracyVsCompute(dir, rows, thresholdCurve ?? []) };
        foreach (var learner in cells.Select(c => c.Learner).Distinct().Order(StringComparer.Ordinal))
            files.Add(ActionsVsPenalty(dir, learner, rows, cells));
        foreach (var penalty in cells.Select(c => c.Penalty).Distinct().Order())
            files.Add(RewardCurves(dir, penalty, cells));
        files.Add(IterationHistogram(dir, cells));
        return files;
    }

    /// <summary>Accuracy against compute of every agent, baseline and the oracle at every penalty, with the Pareto front.</summary>
    /// <summary>
    /// Every policy's test accuracy against its compute: the learners one point per penalty, the threshold rule's
    /// whole curve per layer, the ceilings (which see the label) as separate marks, and the Pareto front over the
    /// policies a deployment could run. The legend sits outside the data.
    /// </summary>
    private static string AccuracyVsCompute(string dir, IReadOnlyList<SummaryRow> rows, IReadOnlyList<Envs.Tabulated.PolicySummary> curve)
    {
        var plt = new Plot();
        var shown = rows.Where(r => !r.Agent.StartsWith("threshold:", StringComparison.Ordinal)).ToList();
        foreach (var group in shown.GroupBy(r => r.Agent))
        {
            var s = plt.Add.ScatterPoints(group.Select(r => r.Compute).ToArray(), group.Select(r => 100 * r.Accuracy).ToArray());
            string kind = group.First().Kind;
            s.LegendText = kind is "ceiling" or "bound" ? $"{group.Key} ({kind})" : group.Key;
            s.MarkerSize = kind == "learner" ? 10 : 8;
            s.MarkerShape = kind switch { "learner" => MarkerShape.FilledCircle, "ceiling" => MarkerShape.FilledDiamond, "bound" => MarkerShape.OpenDiamond, _ => MarkerShape.OpenSquare };
        }
        foreach (var layer in curve.GroupBy(p => p.Name.Split(':')[1]))
        {
            var points = layer.OrderBy(p => p.MeanCompute).ToList();
            var line = plt.Add.ScatterLine(points.Select(p => p.MeanCompute).ToArray(), points.Select(p => 100 * p.Accuracy).ToArray());
            line.LegendText = $"threshold:{layer.Key}:P, P = 0.1..1";
            line.LinePattern = LinePattern.Dotted;
        }
        // Pareto front over what a deployment could run (not the ceilings, which see the label): no other such point beats it in both accuracy and compute.
        var deployable = shown.Where(r => r.Kind is "learner" or "baseline").Select(r => (x: r.Compute, y: 100 * r.Accuracy))
            .Concat(curve.Select(p => (x: p.MeanCompute, y: 100 * p.Accuracy)))
            .OrderBy(p => p.x).ThenByDescending(p => p.y).ToList();
        var front = new List<(double x, double y)>();
        foreach (var p in deployable)
            if (front.Count == 0 || p.y > front[^1].y) front.Add(p);
        var frontLine = plt.Add.ScatterLine(front.Select(p => p.x).ToArray(), front.Select(p => p.y).ToArray());
        frontLine.LegendText = "Pareto front (deployable policies)";
        frontLine.LinePattern = LinePattern.Dashed;
        frontLine.Color = Colors.Gray;
        plt.Title("Test accuracy against compute");
        plt.Axes.Bottom.Label.Text = "mean compute (straight passes)";
        plt.Axes.Left.Label.Text = "test accuracy (%)";
        plt.ShowLegend(Edge.Right);
        return Save(plt, dir, "accuracy-vs-compute.png", width: Width + 260);
    }

    private static string ActionsVsPenalty(string dir, string learner, IReadOnlyList<SummaryRow> rows, IReadOnlyList<CompareCollector.Cell> cells)
    {
        var mine = rows.Where(r => r.Agent == learner && r.Kind == "learner").OrderBy(r => r.Penalty).ToList();
        var plt = new Plot();
        // Penalties span decades: a log axis, labelled with the penalties themselves.
        double[] x = mine.Select(r => Math.Log10(Math.Max(r.Penalty, 1e-6))).ToArray();
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(x, mine.Select(r => r.Penalty.ToString("0.###", CultureInfo.InvariantCulture)).ToArray());
        int actions = mine.Count == 0 ? 0 : mine[0].ActionFrequencies.Length;
        for (int a = 0; a < actions; a++)
        {
            var s = plt.Add.Scatter(x, mine.Select(r => r.ActionFrequencies[a]).ToArray());
            s.LegendText = a == 0 ? "NOP" : $"FPI layer {a}";
        }
        var val = mine.Select(r => cells.Where(c => c.Learner == learner && c.Penalty == r.Penalty)
                                        .Select(c => c.Metrics.Where(m => m.Split == "validation").OrderBy(m => m.Epoch).LastOrDefault()?.Accuracy ?? double.NaN)
                                        .DefaultIfEmpty(double.NaN).Average()).ToArray();
        var acc = plt.Add.Scatter(x, val);
        acc.LegendText = "validation accuracy";
        acc.LinePattern = LinePattern.Dashed;
        plt.Title($"{learner}: action frequency against penalty");
        plt.Axes.Bottom.Label.Text = "penalty (beta, log scale)";
        plt.Axes.Left.Label.Text = "share of decisions / accuracy";
        plt.ShowLegend(Edge.Right);
        return Save(plt, dir, $"actions-vs-penalty-{learner.Replace(':', '-')}.png");
    }

    /// <summary>The paper's Figure 5a: mean training reward per epoch, with its 95% band over seeds.</summary>
    private static string RewardCurves(string dir, double penalty, IReadOnlyList<CompareCollector.Cell> cells)
    {
        var plt = new Plot();
        foreach (var group in cells.Where(c => c.Penalty == penalty).GroupBy(c => c.Learner).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var epochs = group.SelectMany(c => c.Metrics.Where(m => m.Split == "train").Select(m => m.Epoch)).Distinct().Order().ToArray();
            var stats = epochs.Select(e => CompareReport.MeanCi(group.SelectMany(c => c.Metrics.Where(m => m.Split == "train" && m.Epoch == e).Select(m => m.MeanReward)).ToList())).ToArray();
            double[] x = epochs.Select(e => (double)e).ToArray();
            double[] mean = stats.Select(s => s.Mean).ToArray();
            if (stats.All(s => !double.IsNaN(s.HalfWidth)))
            {
                var band = plt.Add.FillY(x, mean.Zip(stats, (m, s) => m - s.HalfWidth).ToArray(), mean.Zip(stats, (m, s) => m + s.HalfWidth).ToArray());
                band.FillColor = band.FillColor.WithAlpha(0.2);
            }
            var line = plt.Add.Scatter(x, mean);
            line.LegendText = group.Key;
        }
        string p = penalty.ToString("0.####", CultureInfo.InvariantCulture);
        plt.Title($"Mean training reward per epoch (penalty {p}), 95% band over seeds");
        plt.Axes.Bottom.Label.Text = "epoch";
        plt.Axes.Left.Label.Text = "mean episode reward";
        plt.ShowLegend();
        return Save(plt, dir, $"reward-curve-p{p}.png");
    }

    /// <summary>FPI iterations per sample and layer, by agent, over every cell.</summary>
    private static string IterationHistogram(string dir, IReadOnlyList<CompareCollector.Cell> cells)
    {
        var counts = new SortedDictionary<string, SortedDictionary<int, double>>(StringComparer.Ordinal);
        foreach (var cell in cells.Where(c => c.IterationsCsv.Length > 0))
            foreach (var line in File.ReadLines(cell.IterationsCsv).Skip(1))
            {
                var f = line.Split(',');
                if (f.Length < 4 || f[0] != cell.Learner) continue;
                var perAgent = counts.TryGetValue(f[0], out var d) ? d : counts[f[0]] = new SortedDictionary<int, double>();
                int n = int.Parse(f[2], CultureInfo.InvariantCulture);
                perAgent[n] = perAgent.GetValueOrDefault(n) + double.Parse(f[3], CultureInfo.InvariantCulture);
            }
        var plt = new Plot();
        int i = 0, agents = Math.Max(1, counts.Count);
        foreach (var (agent, hist) in counts)
        {
            double width = 0.8 / agents;
            var bars = plt.Add.Bars(hist.Keys.Select(k => k - 0.4 + width * (i + 0.5)).ToArray(), hist.Values.ToArray());
            foreach (var b in bars.Bars) b.Size = width;
            bars.LegendText = agent;
            i++;
        }
        plt.Title("FPI iterations per sample and iterated layer (test split)");
        plt.Axes.Bottom.Label.Text = "iterations";
        plt.Axes.Left.Label.Text = "samples x layers";
        plt.ShowLegend();
        return Save(plt, dir, "iterations-histogram.png");
    }

    private static string Save(Plot plt, string dir, string name, int width = Width)
    {
        string path = Path.Combine(dir, name);
        Runs.AtomicFile.Write(path, tmp => plt.SavePng(tmp, width, Height));
        return name;
    }
}
