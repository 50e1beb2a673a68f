using System.Diagnostics;

namespace DynaLay.Util;

/// <summary>
/// A one-line progress bar with rate, ETA and live figures on stderr. When stderr is not a terminal (a pipe, a
/// log file, CI) it prints a plain line at the start, then every <see cref="PipedInterval"/> and at the end, so a
/// piped job shows it is alive within seconds and logs stay readable.
/// </summary>
public sealed class ProgressBar
{
    private readonly string label;
    private readonly long total;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly bool interactive = !Console.IsErrorRedirected;
    private readonly bool enabled;
    private long lastDrawMs = -1000;
    private long lastLineMs = long.MinValue;
    private bool finished;

    /// <summary>Time between two progress lines when stderr is not a terminal.</summary>
    public static readonly TimeSpan PipedInterval = TimeSpan.FromSeconds(5);

    public ProgressBar(string label, long total, bool enabled = true)
    {
        this.label = label;
        this.total = Math.Max(1, total);
        this.enabled = enabled;
    }

    public void Report(long done, string figures = "")
    {
        if (!enabled) return;
        double frac = Math.Clamp(done / (double)total, 0, 1);
        var elapsed = clock.Elapsed;
        var eta = frac > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - frac) / frac) : TimeSpan.Zero;
        string rate = elapsed.TotalSeconds > 0 && done > 0 ? $"{done / elapsed.TotalSeconds:0.##}/s" : "-/s";
        if (interactive)
        {
            if (clock.ElapsedMilliseconds - lastDrawMs < 200 && done < total) return;
            lastDrawMs = clock.ElapsedMilliseconds;
            int width = 24, filled = (int)(frac * width);
            Console.Error.Write($"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {frac,4:P0} {done}/{total} {rate} {Format(elapsed)}<{Format(eta)} {figures}   ");
        }
        else
        {
            long now = clock.ElapsedMilliseconds;
            bool end = done >= total;
            if (finished || (!end && lastLineMs != long.MinValue && now - lastLineMs < PipedInterval.TotalMilliseconds)) return;
            lastLineMs = now;
            finished = end;
            Console.Error.WriteLine($"{label} {frac,4:P0} {done}/{total} {rate} elapsed {Format(elapsed)} eta {Format(eta)} {figures}");
        }
    }

    public void Done()
    {
        if (enabled && interactive) Console.Error.WriteLine();
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"mm\:ss");
}
