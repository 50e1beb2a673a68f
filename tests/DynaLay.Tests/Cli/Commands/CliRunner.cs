using DynaLay.Cli;

namespace DynaLay.Tests.Cli.Commands;

/// <summary>Runs the dynalay program in-process, capturing what it writes.</summary>
public static class CliRunner
{
    private static readonly object ConsoleLock = new();

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        lock (ConsoleLock)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o);
            Console.SetError(e);
            try { return (Program.Main(args), o.ToString(), e.ToString()); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dynalay-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
