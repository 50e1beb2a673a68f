using System.Globalization;

namespace DynaLay.Bench;

/// <summary>Resident memory of this process. libtorch allocates outside the managed heap, so only the OS figure sees it all.</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS from /proc/self/status in bytes; falls back to the working set where /proc is absent.</summary>
    public static long ResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var parts = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb))
                    return kb * 1024;
            }
        }
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
