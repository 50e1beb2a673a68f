namespace DynaLay.Envs.Gym;

/// <summary>The outcome of one <see cref="IEnv{TObs, TAct}.Step"/>.</summary>
/// <param name="Observation">Observation after the action.</param>
/// <param name="Reward">Reward for the transition.</param>
/// <param name="Terminated">The episode reached a terminal state of the MDP (no bootstrapping past it).</param>
/// <param name="Truncated">The episode was cut short by something outside the MDP, typically a time limit (bootstrapping still valid).</param>
/// <param name="Info">Auxiliary data; never null.</param>
public readonly record struct StepResult<TObs>(TObs Observation, double Reward, bool Terminated, bool Truncated, Info Info)
{
    /// <summary>Terminated or truncated: the episode is over and the env must be reset.</summary>
    public bool Done => Terminated || Truncated;
}
