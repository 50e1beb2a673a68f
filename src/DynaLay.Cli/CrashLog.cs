namespace DynaLay.Cli;

/// <summary>
/// Where an unexpected exception's trace goes, so the console shows one line: the run directory the command
/// was given (--out or --run) when it exists, else the temporary directory.
/// </summary>
public static class CrashLog
{
    /// <summary>The exit code of an unexpected failure (sysexits' EX_SOFTWARE), apart from 1 (a problem with the input) and 2 (usage).</summary>
    public const int ExitCode = 70;

    public static string Write(string command, string[] argv, Exception e)
    {
        string? runDir = RunDirectory(argv);
        string dir = runDir is not null && Directory.Exists(runDir) ? runDir : Path.Combine(Path.GetTempPath(), "dynalay");
        string path = Path.Combine(dir, $"crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(path, $"dynalay {string.Join(' ', argv)}\n{DateTime.UtcNow:O}\n\n{e}\n");
            return path;
        }
        catch (Exception) when (dir != Path.GetTempPath())
        {
            path = Path.Combine(Path.GetTempPath(), Path.GetFileName(path));
            File.WriteAllText(path, $"dynalay {command}\n{e}\n");
            return path;
        }
    }

    private static string? RunDirectory(string[] argv)
    {
        for (int i = 0; i + 1 < argv.Length; i++)
            if (argv[i] is "--out" or "--run") return argv[i + 1];
        return argv.FirstOrDefault(a => a.StartsWith("--out=", StringComparison.Ordinal) || a.StartsWith("--run=", StringComparison.Ordinal))?.Split('=', 2)[1];
    }
}
