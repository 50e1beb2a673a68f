using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Fpi;

/// <summary>
/// Anderson acceleration of z &lt;- f(z, u), batched over the active samples.
/// <para>
/// Each sample keeps its last m images f(x_i) and residuals g_i = f(x_i) - x_i as rows of [active, m, d] tensors,
/// and their Gram matrix G G^T ([active, m, m], one new row per iteration). The next iterate is
/// x = sum_i a_i (f(x_i) - (1 - beta) g_i), where the weights a (summing to 1) minimise
/// ||sum_i a_i g_i||^2 + lambda' ||a||^2. That is a small m x m problem per sample: with the Gram matrix
/// H = G G^T + lambda' I, the minimiser is a = H^-1 1 / (1^T H^-1 1) (the bordered system torchdeq solves, in
/// closed form), solved for all active samples at once by one batched <c>linalg.solve</c>. lambda' is
/// <see cref="FpiOptions.AndersonLambda"/> times the smallest ||g_i||^2 in the history, so the ridge follows the
/// residuals as they shrink instead of swamping them (an absolute lambda, or one relative to the mean, pulled the
/// weights towards the average of old iterates and cost iterations near convergence).
/// </para>
/// <para>
/// The first two iterates are plain iteration (one residual in the history gives a = 1); a sample's iterations
/// are the applications of f it received, and its residual ||f(x) - x|| / (||x|| + eps) is Picard's, measured at
/// the point f was applied to, so both solvers stop on the same criterion and the environment charges each by
/// its work. A converged sample leaves: its history rows are dropped. The returned z is f of the last iterate,
/// as in Picard. No graph is built here.
/// </para>
/// </summary>
internal static class AndersonSolver
{
    public static Tensor Solve(IFixedPointMap f, Tensor u, Tensor z0, FpiOptions options, FpiStats stats)
    {
        bool earlyExit = options.FixedIterations is null;
        int maxIterations = options.FixedIterations ?? options.MaxIterations;
        Tensor z = z0.detach().clone();
        if (maxIterations == 0)
        {
            stats.FinishFixed(0, options.Tolerance);
            return z;
        }

        long[] sampleShape = z0.shape[1..];
        long dim = sampleShape.Aggregate(1L, (a, b) => a * b);
        int m = options.AndersonM;
        var active = new ActiveSet(stats.Batch, z0.device);
        Tensor x = z0.detach().reshape(stats.Batch, dim);
        Tensor uActive = u.detach();
        Tensor fs = zeros(stats.Batch, m, dim, dtype: z0.dtype, device: z0.device);
        Tensor gs = zeros(stats.Batch, m, dim, dtype: z0.dtype, device: z0.device);
        Tensor gram = zeros(stats.Batch, m, m, dtype: ScalarType.Float64, device: z0.device);
        try
        {
            for (int t = 1; t <= maxIterations; t++)
            {
                int n = active.Count;
                using var xShaped = x.reshape([n, .. sampleShape]);
                using var fx = f.Apply(xShaped, uActive);
                using var fxFlat = fx.reshape(n, dim);
                using var g = fxFlat - x;
                using var r = Residual(g, x, options.Eps);
                z.index_copy_(0, active.Ids, fx);

                // One bulk copy per iteration: the loop must know on the host when to stop anyway.
                Tensor? keep = null;
                if (earlyExit) keep = active.Record(t, r, options.Tolerance, stats);
                else if (t == maxIterations) r.data<float>().CopyTo(stats.Residual, 0);
                using (keep)
                {
                    if (active.Count == 0 || t == maxIterations) break;

                    int slot = (t - 1) % m;
                    if (keep is not null)
                    {
                        ActiveSet.Narrow(ref fs, keep);
                        ActiveSet.Narrow(ref gs, keep);
                        ActiveSet.Narrow(ref gram, keep);
                        ActiveSet.Narrow(ref uActive, keep);
                    }
                    using var fKept = keep is null ? fxFlat.alias() : fxFlat.index_select(0, keep);
                    using var gKept = keep is null ? g.alias() : g.index_select(0, keep);
                    using (var fSlot = fs.select(1, slot)) fSlot.copy_(fKept);
                    using (var gSlot = gs.select(1, slot)) gSlot.copy_(gKept);
                    UpdateGram(gram, gs, gKept, slot, Math.Min(t, m));
                }
                var next = Mix(fs, gs, gram, Math.Min(t, m), options.AndersonBeta, options.AndersonLambda);
                x.Dispose();
                x = next;
            }
        }
        finally
        {
            active.Dispose();
            x.Dispose();
            uActive.Dispose();
            fs.Dispose();
            gs.Dispose();
            gram.Dispose();
        }
        if (!earlyExit) stats.FinishFixed(maxIterations, options.Tolerance);
        return z;
    }

    /// <summary>||g|| / (||x|| + eps) per row: the relative residual of the point x that f was applied to.</summary>
    private static Tensor Residual(Tensor g, Tensor x, double eps)
    {
        using var num = linalg.vector_norm(g, dims: [1]);
        using var den = linalg.vector_norm(x, dims: [1]);
        using var safe = den + eps;
        return num / safe;
    }

    /// <summary>Row and column <paramref name="slot"/> of the Gram matrix: the new residual against the first k in the history.</summary>
    private static void UpdateGram(Tensor gram, Tensor gs, Tensor g, int slot, int k)
    {
        using var gk = gs.narrow(1, 0, k);
        using var column = g.unsqueeze(2);
        using var products = bmm(gk, column);
        using var row = products.squeeze(2);
        using var row64 = row.to_type(ScalarType.Float64);
        using (var r = gram.select(1, slot))
        using (var rk = r.narrow(1, 0, k))
            rk.copy_(row64);
        using (var c = gram.select(2, slot))
        using (var ck = c.narrow(1, 0, k))
            ck.copy_(row64);
    }

    /// <summary>The next iterate from the first <paramref name="k"/> history slots of every active sample.</summary>
    private static Tensor Mix(Tensor fs, Tensor gs, Tensor gram, int k, double beta, double lambda)
    {
        using var fk = fs.narrow(1, 0, k);
        using var a = Weights(gram, k, lambda, fs.dtype);
        using var af = bmm(a, fk);
        if (beta == 1.0) return af.squeeze(1);
        using var gk = gs.narrow(1, 0, k);
        using var ag = bmm(a, gk);
        using var damped = ag * (1 - beta);
        using var mixed = af - damped;
        return mixed.squeeze(1);
    }

    /// <summary>
    /// argmin ||a^T G||^2 + lambda' ||a||^2 subject to sum(a) = 1, as [n, 1, k], from the Gram matrix. Solved in double
    /// precision: near convergence the residuals are small and nearly collinear, and the Gram matrix is ill-conditioned.
    /// </summary>
    private static Tensor Weights(Tensor gram, int k, double lambda, ScalarType dtype)
    {
        int n = (int)gram.shape[0];
        if (k == 1) return ones(n, 1, 1, dtype: dtype, device: gram.device);
        using var g1 = gram.narrow(1, 0, k);
        using var gk = g1.narrow(2, 0, k);
        using var diagonal = gk.diagonal(0, 1, 2);
        using var smallest = diagonal.amin([1], keepdim: true);
        // A floor keeps H invertible if a residual in the history is exactly zero.
        using var scale = smallest.clamp_min(1e-30);
        using var ridge = scale * lambda;
        using var ridge3 = ridge.unsqueeze(-1);
        using var eye = torch.eye(k, dtype: ScalarType.Float64, device: gram.device);
        using var ridgeI = eye * ridge3;
        using var h = gk + ridgeI;
        using var onesK = ones(n, k, 1, dtype: ScalarType.Float64, device: gram.device);
        using var solved = linalg.solve(h, onesK);
        using var total = solved.sum([1], keepdim: true);
        using var a = solved / total;
        using var aT = a.transpose(1, 2);
        return aT.to_type(dtype);
    }
}
