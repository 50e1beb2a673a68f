namespace DynaLay.Agents.Training;

/// <summary>An agent's loss or probabilities became NaN or infinite; training stopped, the last good checkpoint stays.</summary>
public sealed class AgentDivergedException(string message) : Exception(message);
