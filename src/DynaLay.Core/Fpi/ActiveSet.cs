using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Fpi;

/// <summary>
/// The samples of a batch still iterating, by their index in the batch. After each application of f a solver
/// records the residuals (one bulk copy to the host) and narrows its per-sample tensors to the samples kept.
/// </summary>
internal sealed class ActiveSet : IDisposable
{
    private readonly Device device;
    private long[] ids;

    public ActiveSet(int batch, Device device)
    {
        this.device = device;
        ids = Enumerable.Range(0, batch).Select(i => (long)i).ToArray();
        Ids = arange(batch, dtype: ScalarType.Int64, device: device);
    }

    /// <summary>Batch indices of the active samples, on the solver's device.</summary>
    public Tensor Ids { get; private set; }

    public int Count => ids.Length;

    /// <summary>
    /// Records iteration <paramref name="t"/> for every active sample and drops the converged ones. Returns the
    /// positions (within the active set as it was) of the samples kept, or null when all are kept.
    /// </summary>
    public Tensor? Record(int t, Tensor residual, double tolerance, FpiStats stats)
    {
        float[] r = residual.data<float>().ToArray();
        var keep = new List<long>(ids.Length);
        for (int j = 0; j < ids.Length; j++)
        {
            long i = ids[j];
            stats.Iterations[i] = t;
            stats.Residual[i] = r[j];
            if (r[j] < tolerance) stats.Converged[i] = true;
            else keep.Add(j);
        }
        if (keep.Count == ids.Length) return null;
        var positions = tensor(keep.ToArray(), device: device);
        ids = keep.Select(j => ids[j]).ToArray();
        var narrowed = Ids.index_select(0, positions);
        Ids.Dispose();
        Ids = narrowed;
        return positions;
    }

    /// <summary>Replaces <paramref name="x"/> by its rows at <paramref name="keep"/> (dimension 0), disposing the old tensor.</summary>
    public static void Narrow(ref Tensor x, Tensor keep)
    {
        var narrowed = x.index_select(0, keep);
        x.Dispose();
        x = narrowed;
    }

    public void Dispose() => Ids.Dispose();
}
