using static TorchSharp.torch;

namespace DynaLay.Nets;

/// <summary>
/// Logits of a batch and what each sample cost. Per-sample statistics are host arrays indexed
/// [sample, layer] (layers 0-based here).
/// </summary>
public sealed class NetworkOutput : IDisposable
{
    public NetworkOutput(Tensor logits, int[,] iterations, float[,] residual, bool[,] converged, double[] compute)
    {
        Logits = logits;
        Iterations = iterations;
        Residual = residual;
        Converged = converged;
        Compute = compute;
    }

    public Tensor Logits { get; }
    public int[,] Iterations { get; }
    public float[,] Residual { get; }
    public bool[,] Converged { get; }

    /// <summary>Compute spent per sample in units of one straight pass of the whole network.</summary>
    public double[] Compute { get; }

    public void Dispose() => Logits.Dispose();
}
