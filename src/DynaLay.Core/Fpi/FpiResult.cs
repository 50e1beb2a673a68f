using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Fpi;

/// <summary>
/// Outcome of a fixed-point solve for a batch. Per-sample statistics are CPU arrays, copied out of
/// the solver in bulk, so callers never touch tensors element by element.
/// </summary>
public sealed class FpiResult : IDisposable
{
    public FpiResult(Tensor z, int[] iterations, float[] residual, bool[] converged)
    {
        Z = z;
        Iterations = iterations;
        Residual = residual;
        Converged = converged;
    }

    /// <summary>The fixed point (with a graph when the solve ran with gradients enabled).</summary>
    public Tensor Z { get; }

    /// <summary>Applications of f after the straight one, per sample.</summary>
    public int[] Iterations { get; }

    /// <summary>Last relative residual ||z_{t+1} - z_t|| / (||z_t|| + eps), per sample.</summary>
    public float[] Residual { get; }

    /// <summary>Whether the residual fell below the tolerance within the iteration limit, per sample.</summary>
    public bool[] Converged { get; }

    public void Dispose() => Z.Dispose();
}
