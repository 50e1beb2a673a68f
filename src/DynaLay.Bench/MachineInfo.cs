using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace DynaLay.Bench;

/// <summary>Where a benchmark ran: figures from different machines or thread counts are not comparable.</summary>
public sealed record MachineInfo
{
    public required int Cores { get; init; }
    public required string Os { get; init; }
    public required string CpuModel { get; init; }
    public required int Threads { get; init; }
    public required string DotNet { get; init; }
    public required string TorchSharp { get; init; }
    public required string LibTorch { get; init; }

    /// <summary>1/5/15-minute load averages when the report was written: other work on the machine skews every figure.</summary>
    public required string LoadAverage { get; init; }

    public static MachineInfo Current() => new()
    {
        Cores = Environment.ProcessorCount,
        Os = RuntimeInformation.OSDescription,
        CpuModel = CpuModelName(),
        Threads = torch.get_num_threads(),
        DotNet = RuntimeInformation.FrameworkDescription,
        TorchSharp = TorchSharpVersion(),
        LibTorch = LibTorchVersion(),
        LoadAverage = LoadAverages(),
    };

    private static string LoadAverages()
    {
        const string loadavg = "/proc/loadavg";
        if (!File.Exists(loadavg)) return "unknown";
        var parts = File.ReadAllText(loadavg).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 ? string.Join(' ', parts[..3]) : "unknown";
    }

    private static string CpuModelName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            foreach (var line in File.ReadLines(cpuinfo))
            {
                if (!line.StartsWith("model name", StringComparison.Ordinal)) continue;
                int colon = line.IndexOf(':');
                if (colon >= 0) return line[(colon + 1)..].Trim();
            }
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string TorchSharpVersion()
    {
        var assembly = typeof(torch).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is not null)
        {
            int plus = informational.IndexOf('+');
            return plus >= 0 ? informational[..plus] : informational;
        }
        return assembly.GetName().Version?.ToString() ?? "unknown";
    }

    /// <summary>
    /// TorchSharp records the libtorch release it was built against only in a non-public field; reading it
    /// beats hard-coding a number that silently goes stale when the package is upgraded.
    /// </summary>
    private static string LibTorchVersion()
    {
        var field = typeof(torch).GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static);
        return field?.GetValue(null) as string ?? "unknown";
    }
}
