using System.Globalization;
using DynaLay.Envs.LayerSelection;
using DynaLay.Logging;
using DynaLay.Runs;

namespace DynaLay.Agents.Logging;

/// <summary>
/// Writes episodes.csv as a run goes: the rows of a batch are buffered while it plays and written and
/// flushed together when it ends, so a crash leaves at most the batch in flight unwritten, never a
/// broken row. Episode ids continue across a resumed run.
/// </summary>
public sealed class EpisodeLog : IDisposable
{
    public const string FileName = "episodes.csv";
    private readonly CsvLog<EpisodeRow> csv;
    private readonly List<EpisodeRow> pending = [];
    private long nextEpisode;
    private long batchFirstEpisode;

    /// <param name="firstEpisode">The id of the next episode (a resumed run continues the ids it saved).</param>
    public EpisodeLog(string runDir, long firstEpisode = 0)
    {
        nextEpisode = firstEpisode;
        csv = new CsvLog<EpisodeRow>(Path.Combine(runDir, FileName));
    }

    /// <summary>The id the next episode gets.</summary>
    public long NextEpisode => nextEpisode;

    /// <summary>The file's length after the last batch written.</summary>
    public long Bytes => csv.Bytes;

    /// <summary>Starts a batch: its episodes get the next ids in batch order.</summary>
    public void BeginBatch(int batch)
    {
        batchFirstEpisode = nextEpisode;
        nextEpisode += batch;
    }

    /// <summary>Adds the rows of one step for the episodes that acted in it.</summary>
    public void AddStep(LayerSelectionEnv env, AgentDecision decision, BatchStep step, string split, int epoch)
    {
        int actions = env.NumLayers + 1;
        for (int i = 0; i < env.BatchCount; i++)
        {
            if (!step.Active[i]) continue;
            string scores = decision.Scores is null ? "" : Join(decision.Scores.AsSpan(i * actions, actions).ToArray());
            pending.Add(new EpisodeRow(
                batchFirstEpisode + i, batchFirstEpisode, env.SampleIndices[i], split, epoch, env.Steps[i], decision.Actions[i],
                decision.ScoreKind, scores, step.Rewards[i], env.Penalty[i], env.ComputeSpent[i],
                string.Join(';', Enumerable.Range(0, env.NumLayers).Select(k => env.Iterations[i, k])),
                Join(Enumerable.Range(0, env.NumLayers).Select(k => env.Residual[i, k]).ToArray()),
                env.Labels[i], env.Predictions[i], env.Predictions[i] == env.Labels[i],
                step.Terminated[i], step.Truncated[i], env.Difficulty?[i] ?? double.NaN));
        }
    }

    /// <summary>Writes and flushes the batch's rows.</summary>
    public void EndBatch()
    {
        csv.WriteAll(pending);
        pending.Clear();
    }

    private static string Join(float[] values) => string.Join(';', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    public void Dispose() => csv.Dispose();
}
