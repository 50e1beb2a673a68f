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
