using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Fpi;

/// <summary>
/// Solves z = f(z, u) per sample from a starting point with the solver <see cref="FpiOptions.Solver"/> names.
/// Every solver keeps an active set: samples leave as soon as they converge, so converged samples stop costing
/// compute while the rest go on, and a sample's iterations are the applications of f it received. The iteration
/// itself never builds a graph; the gradient is attached at the end according to <see cref="FpiOptions.Backward"/>.
/// </summary>
public static class FixedPointSolver
{
    public static FpiResult Solve(IFixedPointMap f, Tensor u, Tensor z0, FpiOptions options)
    {
        options.Validate();
        var stats = new FpiStats((int)z0.shape[0]);

        Tensor z;
        using (no_grad())
        {
            z = options.Solver switch
            {
                FpiSolverKind.Picard => PicardSolver.Solve(f, u, z0, options, stats),
                FpiSolverKind.Anderson => AndersonSolver.Solve(f, u, z0, options, stats),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Solver, "Unknown FPI solver."),
            };
        }

        if (!is_grad_enabled())
            return new FpiResult(z, stats.Iterations, stats.Residual, stats.Converged);

        using var zStar = z;
        Tensor zOut = options.Backward switch
        {
            FpiBackward.OneStep => f.Apply(zStar, u),
            FpiBackward.Implicit => Unroll(f, u, zStar, options.NeumannTerms),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Backward, "Unknown FPI backward mode."),
        };
        return new FpiResult(zOut, stats.Iterations, stats.Residual, stats.Converged);
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
}
