namespace DynaLay.Envs.Gym;

/// <summary>
/// Convenience base for environments: owns <see cref="NpRandom"/> and reseeds it on a seeded <see cref="Reset"/>
/// before calling <see cref="OnReset"/>, so implementations cannot forget the seeding contract; makes
/// <see cref="Close"/> idempotent.
/// </summary>
public abstract class EnvBase<TObs, TAct> : IEnv<TObs, TAct>
{
    private Random? _npRandom;

    /// <inheritdoc />
    public abstract ISpace<TObs> ObservationSpace { get; }

    /// <inheritdoc />
    public abstract ISpace<TAct> ActionSpace { get; }

    /// <inheritdoc />
    public Random NpRandom => _npRandom ??= new Random();

    /// <summary>The seed most recently given to <see cref="Reset"/>, or null if it was never seeded.</summary>
    public int? NpRandomSeed { get; private set; }

    /// <summary>Whether <see cref="Close"/> has been called.</summary>
    public bool IsClosed { get; private set; }

    /// <inheritdoc />
    public (TObs Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (seed is int s)
        {
            _npRandom = GymRandom.Create(s);
            NpRandomSeed = s;
        }

        return OnReset(options);
    }

    /// <inheritdoc />
    public abstract StepResult<TObs> Step(TAct action);

    /// <inheritdoc />
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        OnClose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts an episode; <see cref="NpRandom"/> has already been reseeded if a seed was given.</summary>
    protected abstract (TObs Observation, Info Info) OnReset(IReadOnlyDictionary<string, object>? options);

    /// <summary>Releases resources; called at most once.</summary>
    protected virtual void OnClose()
    {
    }
}
