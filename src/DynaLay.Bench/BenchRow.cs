namespace DynaLay.Bench;

/// <summary>
/// One line of the result table: a median over repeats with its spread (min/max over the repeats),
/// or a skipped workload with the reason in <see cref="Note"/> (figures null).
/// </summary>
public sealed record BenchRow
{
    public required string Workload { get; init; }
    public required string Case { get; init; }

    /// <summary>Unit of the figures: "ms/step", "ms/batch", "ratio", "MiB", "%".</summary>
    public required string Unit { get; init; }

    public double? Median { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public int Repeats { get; init; }
    public int Steps { get; init; }
    public string Note { get; init; } = "";
    public bool Skipped => Median is null;

    public static BenchRow From(string workload, string @case, string unit, Measurement m, int steps, string note = "") => new()
    {
        Workload = workload,
        Case = @case,
        Unit = unit,
        Median = m.Median,
        Min = m.Min,
        Max = m.Max,
        Repeats = m.Samples.Count,
        Steps = steps,
        Note = note,
    };

    public static BenchRow Skip(string workload, string note) => new() { Workload = workload, Case = "-", Unit = "-", Note = note };
}
