namespace DynaLay.Envs.Gym;

/// <summary>
/// A single-episode environment with Gymnasium's semantics: <see cref="Reset"/> starts an episode,
/// <see cref="Step"/> advances it until it is terminated or truncated, after which it must be reset again.
/// </summary>
public interface IEnv<TObs, TAct> : IDisposable
{
    /// <summary>Space every observation lies in.</summary>
    ISpace<TObs> ObservationSpace { get; }

    /// <summary>Space of valid actions.</summary>
    ISpace<TAct> ActionSpace { get; }

    /// <summary>
    /// Starts a new episode. A non-null <paramref name="seed"/> reseeds <see cref="NpRandom"/>;
    /// a null seed continues from the current RNG state, so one seeded reset makes all later episodes reproducible.
    /// Implementations should build the RNG with <see cref="GymRandom.Create"/> (as <see cref="EnvBase{TObs, TAct}"/> does).
    /// </summary>
    (TObs Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null);

    /// <summary>Advances the episode by one action.</summary>
    StepResult<TObs> Step(TAct action);

    /// <summary>The env's own RNG, like Gymnasium's <c>np_random</c>; replaced by <see cref="Reset"/> when given a seed.</summary>
    Random NpRandom { get; }

    /// <summary>Releases resources; calling it more than once is harmless.</summary>
    void Close();
}
