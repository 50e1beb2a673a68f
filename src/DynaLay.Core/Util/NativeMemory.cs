using System.Runtime.InteropServices;

namespace DynaLay.Util;

/// <summary>
/// Returns freed native memory to the operating system. libtorch allocates tensors with glibc's malloc;
/// after large tensors of varying sizes are freed (FPI iterations shrink the active set every step),
/// glibc keeps the freed pages in its heaps and the process's resident size climbs to several times what
/// is live. malloc_trim gives those pages back; calling it every few batches costs well under a millisecond.
/// </summary>
public static class NativeMemory
{
    private static readonly bool Available = OperatingSystem.IsLinux();

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int param, int value);

    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;

    /// <summary>
    /// Serves tensor-sized blocks from glibc's heap instead of fresh mmaps. By default glibc maps each
    /// block above its threshold anew and unmaps it on free, so every iteration's activations page-fault
    /// in again: measured, that made an environment step 10-25% slower than the same work done in a tight
    /// loop whose sizes let glibc adapt. Freed memory is given back by <see cref="Release"/> instead.
    /// Call once at start-up, before tensors exist.
    /// </summary>
    public static void Configure()
    {
        if (!Available) return;
        try
        {
            MallOpt(MMmapThreshold, 512 * 1024 * 1024);
            MallOpt(MTrimThreshold, int.MaxValue);
        }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }

    /// <summary>Collects managed garbage (tensor handles waiting for finalisers), then trims the native heaps.</summary>
    public static void Release()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (!Available) return;
        try { MallocTrim(0); }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }
}
