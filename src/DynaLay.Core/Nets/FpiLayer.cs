using DynaLay.Fpi;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Nets;

/// <summary>
/// A layer that maps its input x to z = f(z, u) with u = Inject(x) computed once.
/// Straight mode is one application of f from z = 0; FPI mode iterates f from the straight output
/// to its fixed point. f is a contraction in z by construction (see each subclass).
/// </summary>
public abstract class FpiLayer : nn.Module
{
    protected FpiLayer(string name) : base(name) { }

    /// <summary>
    /// The input injection u, computed once per forward and shared by every iteration. <paramref name="upstream"/>
    /// holds, per sample, the bit mask of the earlier layers that ran in FPI mode (<see cref="LayerModes.Upstream(bool[,], int, IReadOnlyList{long}?)"/>):
    /// a layer that normalises its input keeps statistics per pattern.
    /// </summary>
    public abstract Tensor Inject(Tensor x, int[] upstream);

    /// <summary>f(0, u): the layer's output in straight mode.</summary>
    public abstract Tensor Straight(Tensor u);

    /// <summary>
    /// f with its weights normalised once for a whole solve (the normalisation costs a power-iteration
    /// step in training, which must not run once per iteration).
    /// </summary>
    protected internal abstract IFixedPointMap PrepareMap();

    /// <summary>
    /// One power-iteration step of the spectral normalisation. Runs by itself in training mode; a
    /// trainer that updates weights in evaluation mode (frozen batch statistics) calls it after each step.
    /// </summary>
    public abstract void UpdateSpectralNorm();

    /// <summary>FLOPs per sample of Inject + Straight.</summary>
    public abstract double StraightFlops { get; }

    /// <summary>FLOPs per sample of one application of f.</summary>
    public abstract double IterationFlops { get; }

    /// <summary>
    /// One iteration's relative residual at z, ||f(z, u) - z|| / (||z|| + eps), per sample [B]: how far z is from
    /// the fixed point, for the price of one iteration (the observation's probe).
    /// </summary>
    public Tensor ProbeResidual(Tensor u, Tensor z, double eps = 1e-6)
    {
        var map = PrepareMap();
        try
        {
            using var next = map.Apply(z, u);
            return FixedPointSolver.RelativeResidual(next, z, eps);
        }
        finally { (map as IDisposable)?.Dispose(); }
    }

    /// <summary>Iterates from z0 (normally the straight output) to the fixed point.</summary>
    public FpiResult Solve(Tensor u, Tensor z0, FpiOptions options)
    {
        var map = PrepareMap();
        try { return FixedPointSolver.Solve(map, u, z0, options); }
        finally { (map as IDisposable)?.Dispose(); }
    }
}
