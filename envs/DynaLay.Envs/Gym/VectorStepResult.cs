namespace DynaLay.Envs.Gym;

/// <summary>The outcome of one <see cref="IVectorEnv{TObs, TAct}.Step"/>: one entry per sub-environment.</summary>
public sealed record VectorStepResult<TObs>(TObs[] Observations, double[] Rewards, bool[] Terminated, bool[] Truncated, Info[] Infos);
