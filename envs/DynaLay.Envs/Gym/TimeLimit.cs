namespace DynaLay.Envs.Gym;

/// <summary>
/// Truncates episodes after <see cref="MaxEpisodeSteps"/> steps: the step that brings the count to the limit
/// returns <c>Truncated = true</c>, unless that same step terminated, in which case termination alone is reported
/// (the episode ended inside the MDP, so bootstrapping must not be suggested). This differs from Gymnasium, which
/// sets both flags.
/// </summary>
public sealed class TimeLimit<TObs, TAct> : Wrapper<TObs, TAct>
{
    /// <param name="env">The env to wrap.</param>
    /// <param name="maxEpisodeSteps">Steps per episode before truncation; must be positive.</param>
    public TimeLimit(IEnv<TObs, TAct> env, int maxEpisodeSteps)
        : base(env)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpisodeSteps);
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>The step limit.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps { get; private set; }

    /// <inheritdoc />
    public override (TObs Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ElapsedSteps = 0;
        return Env.Reset(seed, options);
    }

    /// <inheritdoc />
    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);
        ElapsedSteps++;
        if (ElapsedSteps >= MaxEpisodeSteps && !result.Terminated && !result.Truncated)
        {
            result = result with { Truncated = true };
        }

        return result;
    }
}
