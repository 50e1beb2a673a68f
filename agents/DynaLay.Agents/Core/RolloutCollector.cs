using DynaLay.Envs.LayerSelection;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>Plays one batch of episodes with an agent, from Reset to the end of every episode.</summary>
public static class RolloutCollector
{
    /// <param name="onStep">Called after every step with the decision that was taken (rollout logs hook in here).</param>
    public static Rollout Collect(LayerSelectionEnv env, IAgent agent, bool explore, Device device,
                                  int? seed = null, IReadOnlyDictionary<string, object>? resetOptions = null,
                                  Action<AgentDecision, BatchStep>? onStep = null)
    {
        float[] obs = env.ResetBatch(seed, resetOptions);
        return Play(env, agent, explore, device, obs, onStep);
    }

    /// <summary>Plays the batch the environment holds now, from its current observations.</summary>
    public static Rollout Play(LayerSelectionEnv env, IAgent agent, bool explore, Device device, float[] obs,
                               Action<AgentDecision, BatchStep>? onStep = null)
    {
        int b = env.BatchCount, d = env.Layout.Size;
        var rollout = new Rollout(b, d);
        while (!env.AllDone)
        {
            var active = Enumerable.Range(0, b).Select(i => !env.Done(i)).ToArray();
            AgentDecision decision;
            using (var o = tensor(obs, [b, d], dtype: ScalarType.Float32, device: device))
                decision = agent.Act(new AgentInput(o, active, explore, env));
            var actions = (int[])decision.Actions.Clone();
            for (int i = 0; i < b; i++) if (!active[i]) actions[i] = LayerSelectionEnv.NoAction;
            var step = env.StepBatch(actions);
            rollout.Steps.Add(new RolloutStep(obs, actions, step.Rewards, step.Terminated, step.Truncated, active, step.Observations));
            onStep?.Invoke(decision, step);
            obs = step.Observations;
        }
        return rollout;
    }
}
