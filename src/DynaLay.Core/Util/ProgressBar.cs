using System.Diagnostics;

namespace DynaLay.Util;

/// <summary>
/// A one-line progress bar with ETA and live figures on stderr. When stderr is not a terminal (a log
/// file, CI) it prints a plain line every 10% instead, so logs stay readable.
/// </summary>
public sealed class ProgressBar
{
    private readonly string label;
    private readonly long total;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly bool interactive = !Console.IsErrorRedirected;
    private readonly bool enabled;
    private long lastDrawMs = -1000;
    private int lastDecile = -1;

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
        if (interactive)
        {
            if (clock.ElapsedMilliseconds - lastDrawMs < 200 && done < total) return;
            lastDrawMs = clock.ElapsedMilliseconds;
            int width = 24, filled = (int)(frac * width);
            Console.Error.Write($"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {frac,4:P0} {done}/{total} {Format(elapsed)}<{Format(eta)} {figures}   ");
        }
        else
        {
            int decile = (int)(frac * 10);
            if (decile == lastDecile) return;
            lastDecile = decile;
            Console.Error.WriteLine($"{label} {frac,4:P0} {done}/{total} elapsed {Format(elapsed)} eta {Format(eta)} {figures}");
        }
    }

    public void Done()
    {
        if (enabled && interactive) Console.Error.WriteLine();
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"mm\:ss");
}
