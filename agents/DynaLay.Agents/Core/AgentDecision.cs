namespace DynaLay.Agents;

/// <summary>What an agent chose for a batch.</summary>
/// <param name="Actions">One action per episode; <c>LayerSelectionEnv.NoAction</c> for ended episodes.</param>
/// <param name="Scores">Row-major [B, L + 1]: action probabilities (policy agents) or Q-values (DQN); null for agents that have neither.</param>
/// <param name="ScoreKind">"probability", "q" or "none": what <see cref="Scores"/> holds, for logs and traces.</param>
public sealed record AgentDecision(int[] Actions, float[]? Scores, string ScoreKind);
