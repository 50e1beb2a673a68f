namespace DynaLay.Agents;

/// <summary>A learner met a non-finite value (loss, probabilities, Q-values, rewards or observations).</summary>
public sealed class AgentDivergedException : InvalidOperationException
{
    public AgentDivergedException(string agent, long update, string what)
        : base($"Agent '{agent}' diverged at update {update}: {what} is not finite (NaN or infinity). Lower the learning rate, check the rewards and observations, or restart from a checkpoint.")
    {
        Agent = agent;
        Update = update;
    }

    public string Agent { get; }
    public long Update { get; }
}
