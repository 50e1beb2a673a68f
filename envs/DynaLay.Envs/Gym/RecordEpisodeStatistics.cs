using System.Diagnostics;

namespace DynaLay.Envs.Gym;

/// <summary>
/// Tracks each episode's return, length and duration. On the step that terminates or truncates the episode it
/// adds <c>info["episode"]</c> = <see cref="EpisodeStatistics"/> (exactly once per episode) and appends the same
/// record to <see cref="RecentEpisodes"/>, which keeps the last <see cref="BufferLength"/> episodes.
/// </summary>
public sealed class RecordEpisodeStatistics<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly Queue<EpisodeStatistics> _recent;
    private readonly Stopwatch _stopwatch = new();
    private double _return;
    private int _length;
    private bool _inEpisode;

    /// <param name="env">The env to wrap.</param>
    /// <param name="bufferLength">How many recent episodes <see cref="RecentEpisodes"/> keeps.</param>
    public RecordEpisodeStatistics(IEnv<TObs, TAct> env, int bufferLength = 100)
        : base(env)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferLength);
        BufferLength = bufferLength;
        _recent = new Queue<EpisodeStatistics>(bufferLength);
    }

    /// <summary>Capacity of <see cref="RecentEpisodes"/>.</summary>
    public int BufferLength { get; }

    /// <summary>The most recent finished episodes, oldest first.</summary>
    public IReadOnlyCollection<EpisodeStatistics> RecentEpisodes => _recent;

    /// <summary>Number of episodes finished since construction.</summary>
    public int EpisodeCount { get; private set; }

    /// <inheritdoc />
    public override (TObs Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var result = Env.Reset(seed, options);
        _return = 0;
        _length = 0;
        _inEpisode = true;
        _stopwatch.Restart();
        return result;
    }

    /// <inheritdoc />
    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);

        // Steps taken after the end without a reset belong to no episode; counting them would record it twice.
        if (!_inEpisode)
        {
            return result;
        }

        _return += result.Reward;
        _length++;
        if (!result.Terminated && !result.Truncated)
        {
            return result;
        }

        _inEpisode = false;
        _stopwatch.Stop();
        var stats = new EpisodeStatistics(_return, _length, _stopwatch.Elapsed.TotalSeconds);
        var info = result.Info ?? new Info();
        if (info.ContainsKey(EpisodeStatistics.InfoKey))
        {
            throw new InvalidOperationException(
                $"The wrapped env already wrote info[\"{EpisodeStatistics.InfoKey}\"]; is RecordEpisodeStatistics applied twice?");
        }

        info[EpisodeStatistics.InfoKey] = stats;
        if (_recent.Count == BufferLength)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue(stats);
        EpisodeCount++;
        return result with { Info = info };
    }
}
