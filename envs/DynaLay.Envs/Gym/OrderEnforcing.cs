namespace DynaLay.Envs.Gym;

/// <summary>
/// Turns call-order mistakes into clear errors instead of silently wrong data: <c>Step</c> before the first
/// <c>Reset</c>, <c>Step</c> after the episode terminated or truncated, and any call after <c>Close</c>.
/// </summary>
public sealed class OrderEnforcing<TObs, TAct> : Wrapper<TObs, TAct>
{
    private bool _closed;

    /// <param name="env">The env to wrap.</param>
    public OrderEnforcing(IEnv<TObs, TAct> env)
        : base(env)
    {
    }

    /// <summary>Whether <c>Reset</c> has been called at least once.</summary>
    public bool HasReset { get; private set; }

    /// <summary>Whether the current episode has terminated or truncated (a <c>Reset</c> is needed).</summary>
    public bool EpisodeEnded { get; private set; }

    /// <inheritdoc />
    public override (TObs Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ThrowIfClosed();
        var result = Env.Reset(seed, options);
        HasReset = true;
        EpisodeEnded = false;
        return result;
    }

    /// <inheritdoc />
    public override StepResult<TObs> Step(TAct action)
    {
        ThrowIfClosed();
        if (!HasReset)
        {
            throw new InvalidOperationException("Cannot call Step before Reset: call Reset before Step.");
        }

        if (EpisodeEnded)
        {
            throw new InvalidOperationException(
                "Cannot call Step after the episode has terminated or truncated: call Reset before Step.");
        }

        var result = Env.Step(action);
        EpisodeEnded = result.Terminated || result.Truncated;
        return result;
    }

    /// <inheritdoc />
    public override void Close()
    {
        _closed = true;
        Env.Close();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ObjectDisposedException(ToString(), "The env has been closed.");
        }
    }
}
