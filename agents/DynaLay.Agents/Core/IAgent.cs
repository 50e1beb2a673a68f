namespace DynaLay.Agents;

/// <summary>
/// A policy over the layer-selection environment, acting on a whole batch of episodes at once.
/// Learners improve from the rollouts they are given; baselines ignore them. An agent never sees the
/// main network's graph: its observations are detached copies.
/// </summary>
public interface IAgent : IDisposable
{
    /// <summary>Registry name, e.g. "reinforce" or "fixed:2".</summary>
    string Name { get; }

    /// <summary>The agent's hyperparameter record (written to the run's config.json).</summary>
    object Options { get; }

    /// <summary>Whether <see cref="Learn"/> changes the policy.</summary>
    bool IsLearner { get; }

    /// <summary>FLOPs of one decision for one sample; the environment charges them to the sample's penalty.</summary>
    double FlopsPerDecision { get; }

    /// <summary>Chooses an action for every active episode (others get <c>LayerSelectionEnv.NoAction</c>).</summary>
    AgentDecision Act(AgentInput input);

    /// <summary>Learns from a finished batch of episodes; returns the figures to log.</summary>
    AgentUpdate Learn(Rollout rollout);

    /// <summary>Exploration parameter now (epsilon), when the agent has one; for metrics.</summary>
    double? Exploration { get; }

    /// <summary>Writes the agent's weights and counters atomically: what evaluation and replay need.</summary>
    void Save(string path);

    /// <summary>Reads what <see cref="Save"/> wrote; a file from another agent or architecture is a clear error.</summary>
    void Load(string path);

    /// <summary>
    /// Writes everything a resumed training run needs to continue exactly as if it had never stopped: weights,
    /// optimizer moments, the position of the random stream, replay buffer, counters.
    /// </summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Restores what <see cref="SaveState"/> wrote, into an agent built with the same options.</summary>
    void LoadState(BinaryReader reader);
}
