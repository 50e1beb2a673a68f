namespace DynaLay.Agents;

/// <summary>
/// A learner that plays every training sample several times: the trainer resets each training batch with the
/// environment's "repeat" option, so episode i of the rollout is sample i / <see cref="GroupSize"/>, and episodes
/// of one sample sit next to each other. Evaluation plays each sample once, as for every agent.
/// </summary>
public interface IGroupRolloutLearner : IAgent
{
    /// <summary>Episodes per training sample (G &gt;= 2).</summary>
    int GroupSize { get; }
}
