using System.Globalization;
using System.Text;
using DynaLay.Envs.LayerSelection;
using DynaLay.Logging;
using DynaLay.Runs;

namespace DynaLay.Agents.Logging;

/// <summary>Reads a run's episodes.csv back: summaries, step-by-step traces, and re-execution with the logged actions.</summary>
public static class EpisodeReplay
{
    public static List<EpisodeRow> Read(string runDir)
    {
        string path = Path.Combine(runDir, EpisodeLog.FileName);
        if (!File.Exists(path))
            throw new RunException($"{path} is missing: the run logged no episodes (train with --log-episodes all|eval|every:N).");
        string header = File.ReadLines(path).FirstOrDefault() ?? "";
        string expected = ExpectedHeader();
        if (header != expected)
            throw new RunException($"{path} was written by another version of the episode log format (header '{header}'; this version reads '{expected}'). Replay it with the dynalay version that wrote it.");
        return CsvLog<EpisodeRow>.Read(path);
    }

    public static string ExpectedHeader()
    {
        var writer = new StringWriter();
        using (var csv = CsvHelper.CsvWriter.Create(writer, new CsvHelper.CsvWriterOptions(), leaveOpen: true))
        {
            csv.WriteHeader<EpisodeRow>();
            csv.Flush();
        }
        return writer.ToString().TrimEnd('\r', '\n');
    }

    /// <summary>Per split and epoch: episodes, accuracy, mean compute, mean reward, action frequencies, mean length.</summary>
    public static string Summary(IReadOnlyList<EpisodeRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| split | epoch | episodes | accuracy | mean compute | mean reward | mean length | action frequencies (NOP / layer 1..L) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => (r.Split, r.Epoch)).OrderBy(g => g.Key.Split).ThenBy(g => g.Key.Epoch))
        {
            var episodes = group.GroupBy(r => r.EpisodeId).Select(e => e.OrderBy(r => r.Step).ToList()).ToList();
            int actions = group.Max(r => r.Action) + 1;
            actions = Math.Max(actions, group.First().Iterations.Split(';').Length + 1);
            var counts = new long[actions];
            foreach (var r in group) counts[r.Action]++;
            double total = counts.Sum();
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Split} | {group.Key.Epoch} | {episodes.Count} | {100 * episodes.Average(e => e[^1].Correct ? 1.0 : 0):F2}% | {episodes.Average(e => e[^1].Penalty):F3} | {episodes.Average(e => e.Sum(r => r.Reward)):F4} | {episodes.Average(e => e.Count):F2} | {string.Join(" / ", counts.Select(c => (c / total).ToString("F3", CultureInfo.InvariantCulture)))} |"));
        }
        return sb.ToString();
    }

    /// <summary>The step-by-step trace of one episode, readable in a terminal.</summary>
    public static string Trace(IReadOnlyList<EpisodeRow> rows, long episodeId)
    {
        var steps = rows.Where(r => r.EpisodeId == episodeId).OrderBy(r => r.Step).ToList();
        if (steps.Count == 0) throw new RunException($"No episode {episodeId} in the log (ids run from {rows.Min(r => r.EpisodeId)} to {rows.Max(r => r.EpisodeId)}).");
        var first = steps[0];
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"episode {episodeId}: sample {first.SampleIndex} of {first.Split}, epoch {first.Epoch}, label {first.Label}{(double.IsNaN(first.Difficulty) ? "" : $", difficulty {first.Difficulty:F3}")}"));
        sb.AppendLine($"  step  action     {first.ScoreKind,-24} reward     penalty  iterations  residuals              prediction");
        foreach (var r in steps)
        {
            string action = r.Action == 0 ? "NOP" : $"FPI L{r.Action}";
            string scores = r.Scores.Length == 0 ? "-" : string.Join(" ", r.Scores.Split(';').Select(s => double.Parse(s, CultureInfo.InvariantCulture).ToString("F2", CultureInfo.InvariantCulture)));
            string residuals = string.Join(" ", r.Residuals.Split(';').Select(s => double.Parse(s, CultureInfo.InvariantCulture).ToString("0.0e0", CultureInfo.InvariantCulture)));
            string end = r.Terminated ? " (terminated)" : r.Truncated ? " (truncated)" : "";
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Step,4}  {action,-9}  {scores,-24} {r.Reward,9:F5}  {r.Penalty,7:F3}  {r.Iterations.Replace(';', ' '),-10}  {residuals,-22} {r.Prediction}{(r.Correct ? " right" : " wrong")}{end}"));
        }
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  return {steps.Sum(r => r.Reward):F5}"));
        return sb.ToString();
    }

    /// <summary>Outcome of a verification: episodes re-executed, how many reproduced, and the first differences.</summary>
    public sealed record VerifyResult(int Checked, int Reproduced, IReadOnlyList<string> Differences);

    /// <summary>
    /// Re-executes the logged episodes batch by batch, exactly as they were played (same samples, same
    /// batch composition, the logged actions), and compares each step's reward (within tolerance) and the
    /// final prediction.
    /// </summary>
    /// <param name="envFor">The environment over the named split, built from the run's config and checkpoints.</param>
    public static VerifyResult Verify(IReadOnlyList<EpisodeRow> rows, Func<string, LayerSelectionEnv> envFor, double tolerance = 1e-5,
                                      Action<int, int>? progress = null)
    {
        var differences = new List<string>();
        int checkedCount = 0, reproduced = 0;
        var batches = rows.GroupBy(r => (r.Split, r.BatchId)).ToList();
        var envs = new Dictionary<string, LayerSelectionEnv>();
        try
        {
            int done = 0;
            foreach (var batch in batches)
            {
                if (!envs.TryGetValue(batch.Key.Split, out var env)) envs[batch.Key.Split] = env = envFor(batch.Key.Split);
                var episodes = batch.GroupBy(r => r.EpisodeId).OrderBy(e => e.Key).Select(e => e.OrderBy(r => r.Step).ToList()).ToList();
                env.ResetBatch(resetOptions: new Dictionary<string, object> { ["indices"] = episodes.Select(e => e[0].SampleIndex).ToArray() });
                var ok = Enumerable.Repeat(true, episodes.Count).ToArray();
                for (int t = 0; !env.AllDone; t++)
                {
                    var actions = episodes.Select((e, i) => env.Done(i) ? LayerSelectionEnv.NoAction : t < e.Count ? e[t].Action : 0).ToArray();
                    var step = env.StepBatch(actions);
                    for (int i = 0; i < episodes.Count; i++)
                    {
                        if (!step.Active[i] || t >= episodes[i].Count) continue;
                        var logged = episodes[i][t];
                        if (Math.Abs(step.Rewards[i] - logged.Reward) > tolerance)
                        {
                            if (ok[i] && differences.Count < 20)
                                differences.Add(string.Create(CultureInfo.InvariantCulture, $"episode {logged.EpisodeId} step {logged.Step}: reward {step.Rewards[i]:R} vs logged {logged.Reward:R}"));
                            ok[i] = false;
                        }
                    }
                }
                for (int i = 0; i < episodes.Count; i++)
                {
                    var last = episodes[i][^1];
                    if (env.Predictions[i] != last.Prediction || env.Steps[i] != episodes[i].Count)
                    {
                        if (ok[i] && differences.Count < 20)
                            differences.Add($"episode {last.EpisodeId}: prediction {env.Predictions[i]} after {env.Steps[i]} steps vs logged {last.Prediction} after {episodes[i].Count}");
                        ok[i] = false;
                    }
                    checkedCount++;
                    if (ok[i]) reproduced++;
                }
                progress?.Invoke(++done, batches.Count);
            }
        }
        finally
        {
            foreach (var env in envs.Values) env.Dispose();
        }
        return new VerifyResult(checkedCount, reproduced, differences);
    }
}
