namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// One step of the whole batch in array form, for trainers that never want per-sample objects.
/// Observations are row-major [B, D]; entries of episodes that had already ended stay as they were.
/// </summary>
public sealed record BatchStep(float[] Observations, double[] Rewards, bool[] Terminated, bool[] Truncated, bool[] Active);
