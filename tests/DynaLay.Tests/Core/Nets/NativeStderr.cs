using System.Runtime.InteropServices;

namespace DynaLay.Tests.Core.Nets;

/// <summary>
/// What native code (libtorch) writes to file descriptor 2 while an action runs. Console.SetError cannot see
/// it; the descriptor itself is pointed at a file for the duration. Tests run one at a time
/// (AssemblyInfo.cs), so nothing else writes there meanwhile. Linux only.
/// </summary>
internal static class NativeStderr
{
    private const int StandardError = 2;

    public static string Capture(Action action)
    {
        string path = Path.GetTempFileName();
        try
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                int saved = Dup(StandardError);
                if (saved < 0) throw new IOException($"dup(2) failed: errno {Marshal.GetLastPInvokeError()}");
                try
                {
                    if (Dup2((int)file.SafeFileHandle.DangerousGetHandle(), StandardError) < 0)
                        throw new IOException($"dup2 failed: errno {Marshal.GetLastPInvokeError()}");
                    action();
                }
                finally
                {
                    Dup2(saved, StandardError);
                    Close(saved);
                }
            }
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static extern int Dup2(int fd, int target);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
