namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// The paper's reward R = alpha * Acc - beta * Penalty (eq. 2), split over steps: each step pays
/// -beta * (the penalty it adds) as it is spent, and the last step adds alpha * Acc. The split sums to R.
/// Penalty = compute in straight-pass units, agent included, plus <see cref="RedundancyPenalty"/> each
/// time an already-iterated layer is selected again.
/// </summary>
public sealed record PaperReward(double Alpha = 0.5, double Beta = 0.3, double RedundancyPenalty = 0.1) : IRewardFunction
{
    public double Penalty(in StepOutcome step) => step.Compute + step.AgentCost + (step.Redundant ? RedundancyPenalty : 0);

    public double Reward(in StepOutcome step) => -Beta * Penalty(step) + (step.Ended && step.Correct ? Alpha : 0);
}
