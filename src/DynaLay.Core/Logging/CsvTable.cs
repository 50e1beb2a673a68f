using System.Globalization;
using CsvHelper;
using DynaLay.Runs;

namespace DynaLay.Logging;

/// <summary>
/// A whole CSV table (a header and rows of fields) written at once, atomically: the report files (eval.csv,
/// eval-models.csv, summary.csv, bench.csv, ...) whose columns depend on the network or the comparison.
/// Like <see cref="CsvLog{T}"/> it writes through CsvHelper (RFC 4180 quoting where a field needs it); lines end
/// with "\n". Numbers are formatted by <see cref="Number(double)"/>: the shortest text that reads back to
/// the same double, invariant culture ("NaN" for NaN).
/// </summary>
public static class CsvTable
{
    private static readonly CsvWriterOptions Options = new() { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" };

    /// <summary>The table as CSV text.</summary>
    public static string Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            csv.WriteHeader(header.ToArray());
            foreach (var row in rows) csv.WriteRecord(row.ToArray());
            csv.Flush();
        }
        return text.ToString();
    }

    /// <summary>Writes the table to <paramref name="path"/> so that a crash leaves the old file or the new one (<see cref="AtomicFile"/>).</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        AtomicFile.WriteAllText(path, Format(header, rows));

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An optional number: empty when absent.</summary>
    public static string Number(double? value) => value is double d ? Number(d) : "";
}
