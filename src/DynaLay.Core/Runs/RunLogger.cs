using Serilog;
using Serilog.Formatting.Compact;

namespace DynaLay.Runs;

/// <summary>Serilog for a run: console (unless quiet), log.txt and log.json in the run directory.</summary>
public static class RunLogger
{
    public static Serilog.Core.Logger Create(string? runDir, bool console = true)
    {
        var cfg = new LoggerConfiguration().MinimumLevel.Debug();
        if (console)
            cfg = cfg.WriteTo.Console(restrictedToMinimumLevel: Serilog.Events.LogEventLevel.Information,
                                      outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                                      standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose);
        if (runDir is not null)
        {
            cfg = cfg.WriteTo.File(Path.Combine(runDir, "log.txt"), flushToDiskInterval: TimeSpan.FromSeconds(1),
                                   outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}");
            cfg = cfg.WriteTo.File(new CompactJsonFormatter(), Path.Combine(runDir, "log.json"), flushToDiskInterval: TimeSpan.FromSeconds(1));
        }
        return cfg.CreateLogger();
    }
}
