using System.Diagnostics;

namespace DynaLay.Runs;

/// <summary>
/// Named moments of a run at which the process can be made to kill itself (SIGKILL, as a power cut or the
/// out-of-memory killer would), to prove that a run killed anywhere resumes to the same bytes. Inert unless
/// the environment variable <c>DYNALAY_KILL_AT</c> is <c>NAME</c> or <c>NAME:N</c> (the N-th time the point
/// is reached in the process, 1 by default).
/// </summary>
public static class KillPoint
{
    public const string Variable = "DYNALAY_KILL_AT";
    private static readonly (string Name, int Count)? Target = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int reached;

    public static void Reach(string name)
    {
        if (Target is not { } t || t.Name != name) return;
        if (Interlocked.Increment(ref reached) < t.Count) return;
        Console.Out.Flush();
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        int colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], out int n) ? (value[..colon], n) : (value, 1);
    }
}
