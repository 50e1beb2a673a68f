using Serilog;
using Serilog.Formatting.Compact;

namespace DynaLay.Runs;

/// <summary>
/// Serilog for a run: console (unless quiet), log.txt and log.json in the run directory. Every event is
/// written through to the file as it is logged (nothing waits in a buffer for a crash to lose).
/// </summary>
/// <remarks>
/// No periodic flush (Serilog's flushToDiskInterval): its timer allocates on a thread-pool thread, and a
/// garbage collection started off the main thread can finalize a TorchSharp 0.107 temporary Scalar while
/// a native op on the main thread is still reading it (the op then fails with "Expected false to be true
/// ... Scalar.h:140"). See README, "TorchSharp and the garbage collector".
/// </remarks>
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
            cfg = cfg.WriteTo.File(Path.Combine(runDir, "log.txt"),
                                   outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}");
            cfg = cfg.WriteTo.File(new CompactJsonFormatter(), Path.Combine(runDir, "log.json"));
        }
        return cfg.CreateLogger();
    }
}
