namespace DynaLay.Agents;

/// <summary>
/// One batch of finished episodes, step by step, as the trainer collected it. Arrays are indexed by
/// episode (the batch position); observations are row-major [B, D].
/// </summary>
public sealed class Rollout
{
    public Rollout(int batch, int observationSize)
    {
        Batch = batch;
        ObservationSize = observationSize;
    }

    public int Batch { get; }
    public int ObservationSize { get; }
    public List<RolloutStep> Steps { get; } = [];

    /// <summary>Return (sum of rewards) of each episode.</summary>
    public double[] Returns => Enumerable.Range(0, Batch).Select(i => Steps.Sum(s => s.Active[i] ? s.Rewards[i] : 0)).ToArray();

    /// <summary>Returns of the same batch under the greedy policy (self-critical baselines); null unless the agent is an <see cref="IGreedyRolloutLearner"/>.</summary>
    public double[]? GreedyReturns { get; set; }
}

/// <summary>One environment step of a batch.</summary>
/// <param name="Observations">[B, D] before the step.</param>
/// <param name="Actions">Actions taken; NoAction for episodes that had ended.</param>
/// <param name="Rewards">Reward of each episode's step (0 where inactive).</param>
/// <param name="Active">Episodes that acted in this step.</param>
/// <param name="NextObservations">[B, D] after the step.</param>
public sealed record RolloutStep(float[] Observations, int[] Actions, double[] Rewards, bool[] Terminated, bool[] Truncated, bool[] Active, float[] NextObservations);
