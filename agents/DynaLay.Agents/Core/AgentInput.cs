using DynaLay.Envs.LayerSelection;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>What an agent sees when it acts.</summary>
/// <param name="Observations">[B, D] float32 on the agent's device, detached from the main network.</param>
/// <param name="Active">Episodes still running; ended ones must get <see cref="LayerSelectionEnv.NoAction"/>.</param>
/// <param name="Explore">Training (explore) or evaluation (greedy).</param>
/// <param name="Env">The environment, for agents that look ahead (the oracle); learners must not use it.</param>
public sealed record AgentInput(Tensor Observations, bool[] Active, bool Explore, LayerSelectionEnv Env);
