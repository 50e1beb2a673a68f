using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Fpi;

/// <summary>
/// Solves z = f(z, u) per sample by plain fixed-point iteration from a starting point.
/// Samples leave the active set as soon as they converge, so converged samples stop costing compute
/// while the rest go on. The iteration itself never builds a graph; the gradient is attached at the
/// end according to <see cref="FpiOptions.Backward"/>.
/// </summary>
public static class FixedPointSolver
{
    public static FpiResult Solve(IFixedPointMap f, Tensor u, Tensor z0, FpiOptions options)
    {
        options.Validate();
        int batch = (int)z0.shape[0];
        var iterations = new int[batch];
        var residual = new float[batch];
        var converged = new bool[batch];

        Tensor z;
        using (no_grad())
        {
            z = options.FixedIterations is int n
                ? IterateFixed(f, u, z0, n, options, iterations, residual, converged)
                : IterateUntilConverged(f, u, z0, options, iterations, residual, converged);
        }

        if (!is_grad_enabled())
            return new FpiResult(z, iterations, residual, converged);

        using var zStar = z;
        Tensor zOut = options.Backward switch
        {
            FpiBackward.OneStep => f.Apply(zStar, u),
            FpiBackward.Implicit => Unroll(f, u, zStar, options.NeumannTerms),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Backward, "Unknown FPI backward mode."),
        };
        return new FpiResult(zOut, iterations, residual, converged);
    }

    private static Tensor Unroll(IFixedPointMap f, Tensor u, Tensor zStar, int terms)
    {
        Tensor z = f.Apply(zStar, u);
        for (int k = 1; k < terms; k++)
            z = f.Apply(z, u);
        return z;
    }

    /// <summary>Relative residual per sample, the sample dimension kept.</summary>
    internal static Tensor RelativeResidual(Tensor next, Tensor current, double eps)
    {
        using var delta = next - current;
        using var diff = delta.flatten(1);
        using var flat = current.flatten(1);
        using var num = linalg.vector_norm(diff, dims: [1]);
        using var den = linalg.vector_norm(flat, dims: [1]);
        using var safe = den + eps;
        return num / safe;
    }

    private static Tensor IterateFixed(IFixedPointMap f, Tensor u, Tensor z0, int n, FpiOptions options,
                                       int[] iterations, float[] residual, bool[] converged)
    {
        Tensor z = z0.detach().clone();
        for (int t = 1; t <= n; t++)
        {
            Tensor next = f.Apply(z, u);
            if (t == n)
            {
                using var r = RelativeResidual(next, z, options.Eps);
                r.data<float>().CopyTo(residual, 0);
            }
            z.Dispose();
            z = next;
        }
        Array.Fill(iterations, n);
        for (int i = 0; i < residual.Length; i++)
            converged[i] = n > 0 && residual[i] < options.Tolerance;
        return z;
    }

    private static Tensor IterateUntilConverged(IFixedPointMap f, Tensor u, Tensor z0, FpiOptions options,
                                                int[] iterations, float[] residual, bool[] converged)
    {
        Tensor z = z0.detach().clone();
        int batch = iterations.Length;
        Tensor active = arange(batch, dtype: ScalarType.Int64, device: z0.device);
        Tensor zActive = z.alias();
        Tensor uActive = u.detach();
        try
        {
            for (int t = 1; t <= options.MaxIterations; t++)
            {
                using var next = f.Apply(zActive, uActive);
                using var r = RelativeResidual(next, zActive, options.Eps);
                z.index_copy_(0, active, next);

                // One bulk copy per iteration: the loop must know on the host when to stop anyway.
                float[] rHost = r.data<float>().ToArray();
                long[] ids = active.data<long>().ToArray();
                var keep = new List<long>(ids.Length);
                for (int j = 0; j < ids.Length; j++)
                {
                    long i = ids[j];
                    iterations[i] = t;
                    residual[i] = rHost[j];
                    if (rHost[j] < options.Tolerance) converged[i] = true;
                    else keep.Add(j);
                }
                if (keep.Count == 0) break;
                if (keep.Count == ids.Length)
                {
                    zActive.Dispose();
                    zActive = next.alias();
                    continue;
                }

                using var keepIdx = tensor(keep.ToArray(), device: z0.device);
                var newActive = active.index_select(0, keepIdx);
                var newZ = next.index_select(0, keepIdx);
                var newU = uActive.index_select(0, keepIdx);
                active.Dispose(); zActive.Dispose(); uActive.Dispose();
                active = newActive; zActive = newZ; uActive = newU;
            }
        }
        finally
        {
            active.Dispose();
            zActive.Dispose();
            uActive.Dispose();
        }
        return z;
    }
}
