namespace DynaLay.Envs.Gym;

/// <summary>Receives every transition of an env wrapped in <see cref="RecordEpisodes{TObs, TAct}"/>.</summary>
public interface IEpisodeRecorder<TObs, TAct>
{
    /// <summary>An episode started.</summary>
    void OnReset(TObs obs, Info info);

    /// <summary>One transition of the current episode.</summary>
    void OnStep(TAct action, StepResult<TObs> result);

    /// <summary>
    /// The current episode is over: it terminated or truncated (see the last <see cref="OnStep"/>'s flags), or was
    /// abandoned by a reset or close before it ended. Called exactly once per <see cref="OnReset"/>.
    /// </summary>
    void OnEpisodeEnd();
}
