namespace DynaLay.Agents.Logging;

/// <summary>Which episodes are logged: all | eval | none | every:N (every N-th training batch, and all evaluation).</summary>
public sealed record EpisodeLogPolicy(bool Training, bool Evaluation, int EveryNthBatch)
{
    public static EpisodeLogPolicy Parse(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "all") return new(true, true, 1);
        if (t == "eval") return new(false, true, 1);
        if (t == "none") return new(false, false, 1);
        if (t.StartsWith("every:", StringComparison.Ordinal) && int.TryParse(t[6..], out int n) && n >= 1) return new(true, true, n);
        throw new ArgumentException($"--log-episodes '{text}' is not one of all, eval, none, every:N (N >= 1).");
    }

    public bool LogsTrainingBatch(int batchIndex) => Training && batchIndex % EveryNthBatch == 0;
}
