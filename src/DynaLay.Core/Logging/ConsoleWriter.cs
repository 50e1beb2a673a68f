using System.Globalization;
using Serilog;

namespace DynaLay.Logging;

/// <summary>
/// Each dump as one compact line in the run's log, grouped by namespace:
/// <c>Epoch 3: rollout reward=0.1234 accuracy=0.85 | eval reward=0.1301 ...</c>. The line goes through the run's
/// Serilog logger, so it reaches the console unless --quiet and always log.txt and log.json. NaN (no figure) is left out;
/// histograms and texts are not shown.
/// </summary>
public sealed class ConsoleWriter(ILogger log, string stepName) : IRecordWriter
{
    public Sink Sink => Sink.Console;

    public void Write(Dump dump)
    {
        if (Format(dump) is { } line) log.Information("{StepName} {Step}: {Values:l}", stepName, dump.Step, line);
    }

    /// <summary>The line (without the step), or null when the dump holds no scalar to show.</summary>
    public static string? Format(Dump dump)
    {
        var groups = dump.Scalars.Where(p => !double.IsNaN(p.Value))
            .GroupBy(p => p.Key.Contains('/') ? p.Key[..p.Key.IndexOf('/')] : "")
            .Select(g => (g.Key.Length > 0 ? g.Key + " " : "") +
                         string.Join(" ", g.Select(p => $"{p.Key[(p.Key.IndexOf('/') + 1)..]}={p.Value.ToString("G4", CultureInfo.InvariantCulture)}")))
            .ToList();
        return groups.Count == 0 ? null : string.Join(" | ", groups);
    }

    public void Dispose() { }
}
