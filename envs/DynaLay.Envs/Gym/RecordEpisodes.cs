namespace DynaLay.Envs.Gym;

/// <summary>
/// Reports every reset and step to an <see cref="IEpisodeRecorder{TObs, TAct}"/>, e.g. a rollout logger.
/// Each <c>OnReset</c> is matched by exactly one <c>OnEpisodeEnd</c>: on the terminating or truncating step, or,
/// for an episode left unfinished, on the next <c>Reset</c> or on <c>Close</c>.
/// </summary>
public sealed class RecordEpisodes<TObs, TAct> : Wrapper<TObs, TAct>
{
    private bool _inEpisode;

    /// <param name="env">The env to wrap.</param>
    /// <param name="recorder">Receives the episodes.</param>
    public RecordEpisodes(IEnv<TObs, TAct> env, IEpisodeRecorder<TObs, TAct> recorder)
        : base(env)
    {
        Recorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
    }

    /// <summary>The recorder being called.</summary>
    public IEpisodeRecorder<TObs, TAct> Recorder { get; }

    /// <inheritdoc />
    public override (TObs Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        EndEpisodeIfOpen();
        var (observation, info) = Env.Reset(seed, options);
        info ??= new Info();
        Recorder.OnReset(observation, info);
        _inEpisode = true;
        return (observation, info);
    }

    /// <inheritdoc />
    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);

        // Steps outside an episode (after its end, before a reset) are not part of any recording.
        if (!_inEpisode)
        {
            return result;
        }

        Recorder.OnStep(action, result);
        if (result.Terminated || result.Truncated)
        {
            EndEpisodeIfOpen();
        }

        return result;
    }

    /// <inheritdoc />
    public override void Close()
    {
        EndEpisodeIfOpen();
        Env.Close();
    }

    private void EndEpisodeIfOpen()
    {
        if (!_inEpisode)
        {
            return;
        }

        _inEpisode = false;
        Recorder.OnEpisodeEnd();
    }
}
