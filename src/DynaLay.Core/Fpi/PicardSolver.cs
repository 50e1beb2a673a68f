using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Fpi;

/// <summary>
/// Plain fixed-point iteration z &lt;- f(z, u), per sample, from a starting point. Samples leave the active set
/// as soon as they converge. Runs without a graph; <see cref="FixedPointSolver"/> attaches the gradient.
/// </summary>
internal static class PicardSolver
{
    public static Tensor Solve(IFixedPointMap f, Tensor u, Tensor z0, FpiOptions options, FpiStats stats) =>
        options.FixedIterations is int n
            ? IterateFixed(f, u, z0, n, options, stats)
            : IterateUntilConverged(f, u, z0, options, stats);

    private static Tensor IterateFixed(IFixedPointMap f, Tensor u, Tensor z0, int n, FpiOptions options, FpiStats stats)
    {
        Tensor z = z0.detach().clone();
        for (int t = 1; t <= n; t++)
        {
            Tensor next = f.Apply(z, u);
            if (t == n)
            {
                using var r = FixedPointSolver.RelativeResidual(next, z, options.Eps);
                r.data<float>().CopyTo(stats.Residual, 0);
            }
            z.Dispose();
            z = next;
        }
        stats.FinishFixed(n, options.Tolerance);
        return z;
    }

    private static Tensor IterateUntilConverged(IFixedPointMap f, Tensor u, Tensor z0, FpiOptions options, FpiStats stats)
    {
        Tensor z = z0.detach().clone();
        var active = new ActiveSet(stats.Batch, z0.device);
        Tensor zActive = z.alias();
        Tensor uActive = u.detach();
        try
        {
            for (int t = 1; t <= options.MaxIterations; t++)
            {
                using var next = f.Apply(zActive, uActive);
                using var r = FixedPointSolver.RelativeResidual(next, zActive, options.Eps);
                z.index_copy_(0, active.Ids, next);

                // One bulk copy per iteration: the loop must know on the host when to stop anyway.
                using var keep = active.Record(t, r, options.Tolerance, stats);
                if (active.Count == 0) break;
                zActive.Dispose();
                zActive = keep is null ? next.alias() : next.index_select(0, keep);
                if (keep is not null) ActiveSet.Narrow(ref uActive, keep);
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
