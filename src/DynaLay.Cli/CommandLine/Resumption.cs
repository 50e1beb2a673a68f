using DynaLay.Runs;

namespace DynaLay.Cli.CommandLine;

/// <summary>
/// What --resume checks before a run continues: that --out holds a run of this command, and that the options
/// given now are those the run was started with. A resumed run keeps its own settings, and silently ignoring
/// a changed one would hide that.
/// </summary>
public static class Resumption
{
    /// <summary>Options a resumed run may be given anew: where it is, how it runs, where its data now lies.</summary>
    private static readonly string[] Free = ["resume", "out", "threads", "quiet", "device", "data-dir"];

    /// <summary>The run's config, after both checks.</summary>
    public static RunConfig Open(Args a, string outDir)
    {
        if (!File.Exists(Path.Combine(outDir, MainRun.ConfigFile)))
            throw new RunException($"--resume: {outDir} holds no run to resume (no {MainRun.ConfigFile}). Start it without --resume.");
        var config = RunConfig.Load(Path.Combine(outDir, MainRun.ConfigFile));
        if (config.CommandName != a.Command)
            throw new RunException($"--resume: {outDir} is a {config.CommandName ?? "unknown"} run, not a {a.Command} run. Resume it with dynalay {config.CommandName ?? "COMMAND"} --resume --out {outDir}.");
        var original = a.Reparse(config.CommandArgs);
        if (original is null) return config; // recorded by another version: nothing to compare with
        var differences = a.DifferencesFrom(original, Free);
        if (differences.Count > 0)
            throw new UsageException($"{a.Command} --resume: a resumed run keeps the settings it was started with, and these differ: {string.Join("; ", differences)}. " +
                                     $"Drop them (the run's settings are in {Path.Combine(outDir, MainRun.ConfigFile)}), or start a new run in another --out.");
        return config;
    }
}
