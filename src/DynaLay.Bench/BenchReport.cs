using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DynaLay.Logging;

namespace DynaLay.Bench;

/// <summary>The result of a benchmark run: machine, options, rows and targets; written as a table, CSV and JSON.</summary>
public sealed record BenchReport
{
    public const string CsvFile = "bench.csv";
    public const string JsonFile = "bench.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public required DateTimeOffset Started { get; init; }
    public required MachineInfo Machine { get; init; }
    public required BenchOptions Options { get; init; }
    public required IReadOnlyList<string> Workloads { get; init; }
    public required IReadOnlyList<BenchRow> Rows { get; init; }
    public required IReadOnlyList<BenchTarget> Targets { get; init; }

    public string ToCsv() =>
        CsvTable.Format(["workload", "case", "unit", "median", "min", "max", "repeats", "steps", "note"],
                        Rows.Select(r => (IReadOnlyList<string>)[r.Workload, r.Case, r.Unit, CsvTable.Number(r.Median), CsvTable.Number(r.Min), CsvTable.Number(r.Max),
                                                                 CsvTable.Number(r.Repeats), CsvTable.Number(r.Steps), r.Note]));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes bench.csv and bench.json into the directory (created if missing).</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, CsvFile), ToCsv());
        File.WriteAllText(Path.Combine(directory, JsonFile), ToJson());
    }

    public string FormatTable()
    {
        var header = new[] { "workload", "case", "median", "min", "max", "unit", "note" };
        var cells = Rows.Select(r => new[]
        {
            r.Workload, r.Case, Short(r.Median), Short(r.Min), Short(r.Max), r.Unit, r.Note,
        }).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(row => row[c].Length))).ToArray();
        bool[] right = [false, false, true, true, true, false, false];
        var sb = new StringBuilder();
        void Line(string[] row)
        {
            var parts = row.Select((v, c) => right[c] ? v.PadLeft(widths[c]) : v.PadRight(widths[c]));
            sb.Append(string.Join("  ", parts).TrimEnd()).Append('\n');
        }
        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in cells) Line(row);
        if (Targets.Count > 0)
        {
            sb.Append('\n');
            foreach (var t in Targets)
                sb.Append(CultureInfo.InvariantCulture, $"{(t.Pass ? "PASS" : "MISS")}  {t.Name} = {Short(t.Value)} (target {t.Comparison} {Short(t.Threshold)})\n");
        }
        return sb.ToString();
    }

    private static string Short(double? v) => v switch
    {
        null => "-",
        double d when Math.Abs(d) >= 100 => d.ToString("F1", CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= 10 => d.ToString("F2", CultureInfo.InvariantCulture),
        double d => d.ToString("F3", CultureInfo.InvariantCulture),
    };
}
