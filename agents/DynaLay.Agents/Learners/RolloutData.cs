namespace DynaLay.Agents;

/// <summary>
/// The decisions of a rollout as flat arrays (one row per decision actually taken), so a learner feeds
/// them to its network in one batch instead of step by step.
/// </summary>
internal sealed class RolloutData
{
    private RolloutData(int count, int d)
    {
        Count = count;
        ObservationSize = d;
        Observations = new float[count * d];
        NextObservations = new float[count * d];
        Actions = new long[count];
        Rewards = new float[count];
        Final = new bool[count];
        Episode = new int[count];
        RewardToGo = new float[count];
    }

    public int Count { get; }
    public int ObservationSize { get; }
    public float[] Observations { get; }
    public float[] NextObservations { get; }
    public long[] Actions { get; }
    public float[] Rewards { get; }
    /// <summary>
    /// The decision ended its episode, by NOP or at the step budget. Both end the return: the env scores the
    /// answer when the budget runs out and the step fraction is part of the observation, so the budget is
    /// part of the task, not a time limit cutting off a longer one, and there is nothing to bootstrap from.
    /// </summary>
    public bool[] Final { get; }
    public int[] Episode { get; }

    /// <summary>Discounted sum of the rewards from this decision to the end of its episode.</summary>
    public float[] RewardToGo { get; }

    /// <summary>Flattens the rollout; non-finite rewards or observations throw <see cref="AgentDivergedException"/>.</summary>
    public static RolloutData From(Rollout rollout, double gamma, string agent, long update)
    {
        int d = rollout.ObservationSize, b = rollout.Batch;
        int count = rollout.Steps.Sum(s => s.Active.Count(a => a));
        var data = new RolloutData(count, d);
        var rowOf = new int[rollout.Steps.Count, b];
        int row = 0;
        for (int t = 0; t < rollout.Steps.Count; t++)
        {
            var step = rollout.Steps[t];
            for (int i = 0; i < b; i++)
            {
                rowOf[t, i] = -1;
                if (!step.Active[i]) continue;
                int a = step.Actions[i];
                if (a < 0) throw new ArgumentException($"Rollout step {t} has an active episode {i} with no action ({a}).");
                double r = step.Rewards[i];
                if (!double.IsFinite(r)) throw new AgentDivergedException(agent, update, $"the reward of episode {i} at step {t}");
                Array.Copy(step.Observations, i * d, data.Observations, row * d, d);
                Array.Copy(step.NextObservations, i * d, data.NextObservations, row * d, d);
                data.Actions[row] = a;
                data.Rewards[row] = (float)r;
                data.Final[row] = step.Terminated[i] || step.Truncated[i];
                data.Episode[row] = i;
                rowOf[t, i] = row;
                row++;
            }
        }
        foreach (var v in data.Observations)
            if (!float.IsFinite(v)) throw new AgentDivergedException(agent, update, "an observation of the rollout");

        var running = new double[b];
        for (int t = rollout.Steps.Count - 1; t >= 0; t--)
            for (int i = 0; i < b; i++)
            {
                int r = rowOf[t, i];
                if (r < 0) continue;
                running[i] = data.Rewards[r] + gamma * running[i];
                data.RewardToGo[r] = (float)running[i];
            }
        return data;
    }
}
