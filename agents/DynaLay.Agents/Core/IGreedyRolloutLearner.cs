namespace DynaLay.Agents;

/// <summary>
/// A learner whose update needs the greedy policy's return on the same batch (a self-critical baseline). The
/// trainer plays every training batch a second time without exploring and hands the returns over in
/// <see cref="Rollout.GreedyReturns"/>; other agents never pay for that second pass.
/// </summary>
public interface IGreedyRolloutLearner : IAgent;
