namespace DynaLay.Envs.Gym;

/// <summary>
/// Base for environment wrappers: forwards every member to the wrapped env so a subclass overrides only what it changes.
/// </summary>
public abstract class Wrapper<TObs, TAct> : IEnv<TObs, TAct>
{
    /// <param name="env">The env to wrap.</param>
    protected Wrapper(IEnv<TObs, TAct> env)
    {
        Env = env ?? throw new ArgumentNullException(nameof(env));
    }

    /// <summary>The innermost env, below every wrapper.</summary>
    public IEnv<TObs, TAct> Unwrapped => Env is Wrapper<TObs, TAct> inner ? inner.Unwrapped : Env;

    /// <summary>The directly wrapped env.</summary>
    public IEnv<TObs, TAct> Inner => Env;

    /// <inheritdoc />
    public virtual ISpace<TObs> ObservationSpace => Env.ObservationSpace;

    /// <inheritdoc />
    public virtual ISpace<TAct> ActionSpace => Env.ActionSpace;

    /// <inheritdoc />
    public virtual Random NpRandom => Env.NpRandom;

    /// <summary>The directly wrapped env.</summary>
    protected IEnv<TObs, TAct> Env { get; }

    /// <inheritdoc />
    public virtual (TObs Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
        => Env.Reset(seed, options);

    /// <inheritdoc />
    public virtual StepResult<TObs> Step(TAct action) => Env.Step(action);

    /// <inheritdoc />
    public virtual void Close() => Env.Close();

    /// <inheritdoc />
    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name.Split('`')[0]}<{Env}>";
}
