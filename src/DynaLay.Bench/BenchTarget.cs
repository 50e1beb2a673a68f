namespace DynaLay.Bench;

/// <summary>A figure checked against a goal, printed as a pass/miss line under the table.</summary>
public sealed record BenchTarget(string Name, double Value, string Comparison, double Threshold)
{
    public bool Pass => Comparison switch
    {
        "<=" => Value <= Threshold,
        "<" => Value < Threshold,
        ">=" => Value >= Threshold,
        ">" => Value > Threshold,
        _ => throw new InvalidOperationException($"Unknown comparison '{Comparison}'."),
    };
}
