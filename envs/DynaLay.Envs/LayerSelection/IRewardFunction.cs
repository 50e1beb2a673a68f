namespace DynaLay.Envs.LayerSelection;

/// <summary>What one step of one episode did, as the reward function sees it.</summary>
/// <param name="Compute">Network compute spent in this step, in straight-pass units (the first step includes the straight pass).</param>
/// <param name="AgentCost">Compute of the decision itself, in straight-pass units.</param>
/// <param name="Redundant">The action selected a layer that was already iterated (nothing else changed).</param>
/// <param name="Ended">The episode ended with this step (terminated or truncated).</param>
/// <param name="Correct">The current prediction is right.</param>
public readonly record struct StepOutcome(double Compute, double AgentCost, bool Redundant, bool Ended, bool Correct);

/// <summary>
/// Turns a step's outcome into a reward and a penalty increment. The per-step rewards of an episode
/// must sum to the episode's return as the reward function defines it.
/// </summary>
public interface IRewardFunction
{
    /// <summary>Penalty added by this step (compute, agent cost and any redundancy penalty), in straight-pass units.</summary>
    double Penalty(in StepOutcome step);

    /// <summary>Reward of this step.</summary>
    double Reward(in StepOutcome step);
}
