using DynaLay.Agents;
using static TorchSharp.torch;

namespace DynaLay.Tests.Agents;

/// <summary>
/// One-step episodes with random observations where action 2 pays 1 and everything else 0, fed to the
/// learners through the real <see cref="Rollout"/> type.
/// </summary>
internal static class Bandit
{
    public const int Observation = 6;
    public const int Layers = 3;
    public const int Best = 2;

    public static AgentContext Context(int seed = 0) => new(Observation, Layers, seed: seed);

    public static float[] Observations(Random rng, int batch)
    {
        var obs = new float[batch * Observation];
        for (int i = 0; i < obs.Length; i++) obs[i] = (float)(rng.NextDouble() * 4 - 2);
        return obs;
    }

    public static int[] Act(IAgent agent, float[] obs, bool explore)
    {
        int batch = obs.Length / Observation;
        using var t = tensor(obs, [batch, Observation]);
        return agent.Act(new AgentInput(t, Enumerable.Repeat(true, batch).ToArray(), explore, null!)).Actions;
    }

    public static Rollout Play(IAgent agent, Random rng, int batch = 64, Func<int, double>? reward = null) =>
        Play(agent, rng, batch, (_, _, a) => reward?.Invoke(a) ?? (a == Best ? 1.0 : 0.0));

    /// <summary>One-step episodes whose reward depends on the observation: reward(observations, row, action).</summary>
    public static Rollout Play(IAgent agent, Random rng, int batch, Func<float[], int, int, double> reward)
    {
        var obs = Observations(rng, batch);
        // A group learner plays each observation G times side by side, as the trainer's reset gives them.
        if (agent is IGroupRolloutLearner group)
            for (int i = 0; i < batch; i++) Array.Copy(obs, i / group.GroupSize * group.GroupSize * Observation, obs, i * Observation, Observation);
        var actions = Act(agent, obs, explore: true);
        var rewards = actions.Select((a, i) => reward(obs, i, a)).ToArray();
        var rollout = new Rollout(batch, Observation);
        var ended = Enumerable.Repeat(true, batch).ToArray();
        rollout.Steps.Add(new RolloutStep(obs, actions, rewards, ended, new bool[batch], Enumerable.Repeat(true, batch).ToArray(), new float[batch * Observation]));
        if (agent is IGreedyRolloutLearner)
        {
            var greedy = Act(agent, obs, explore: false);
            rollout.GreedyReturns = greedy.Select((a, i) => reward(obs, i, a)).ToArray();
        }
        return rollout;
    }

    public static double GreedyBestFrequency(IAgent agent, int seed = 123, int batch = 512)
    {
        var actions = Act(agent, Observations(new Random(seed), batch), explore: false);
        return actions.Count(a => a == Best) / (double)batch;
    }
}
