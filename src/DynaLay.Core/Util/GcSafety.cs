using System.Runtime;

namespace DynaLay.Util;

/// <summary>
/// Keeps garbage collections where TorchSharp 0.107 can survive them. TorchSharp passes a temporary
/// <c>Scalar</c> (an implicit <c>1</c> for <c>alpha</c>, a <c>double</c> argument, Adam's coefficients) to
/// native code as a raw handle without keeping the managed object alive, so a collection that starts
/// while the native op runs can finalize the Scalar and free its memory under the op, which then fails
/// with "Expected false to be true ... Scalar.h:140" (or reads a wrong value). A collection triggered by
/// the main thread's own allocation cannot do this (no Scalar is mid-call then); the background
/// (concurrent) collector and other allocating threads can. Measured on
/// <c>dynalay train --agent dqn --epochs 16 --penalty 0.03 --seed 3</c>: with concurrent GC the run
/// aborted in every attempt (epochs 3-9); without it, it completed. Hence: no concurrent GC
/// (<c>ConcurrentGarbageCollection=false</c> in the build, enforced again here for other hosts), and no
/// periodic timers in the process (see <see cref="Runs.RunLogger"/>).
/// </summary>
public static class GcSafety
{
    /// <summary>True when collections are blocking only (no background GC).</summary>
    public static bool IsSafe => GCSettings.LatencyMode == GCLatencyMode.Batch;

    /// <summary>Switches the process to blocking collections; call once at start-up.</summary>
    public static void Configure()
    {
        if (!IsSafe) GCSettings.LatencyMode = GCLatencyMode.Batch;
    }
}
