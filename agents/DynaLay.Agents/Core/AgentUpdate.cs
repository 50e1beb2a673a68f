namespace DynaLay.Agents;

/// <summary>Figures of one learning step, logged to metrics.csv (NaN where an agent has no such figure).</summary>
public sealed record AgentUpdate(double Loss, double Entropy = double.NaN, double Baseline = double.NaN)
{
    public static AgentUpdate None { get; } = new(double.NaN);
}
