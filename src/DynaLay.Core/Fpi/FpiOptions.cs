namespace DynaLay.Fpi;

/// <summary>How gradients flow through a fixed point.</summary>
public enum FpiBackward
{
    /// <summary>
    /// Jacobian-free: iterate without a graph, then apply f once with a graph at the fixed point.
    /// Cheap, and the gradient is the first term of the implicit one (exact as the contraction factor goes to 0).
    /// </summary>
    OneStep,

    /// <summary>
    /// Implicit differentiation by a truncated Neumann series: the gradient of a fixed point is
    /// v (I - J)^-1 df/dtheta = v sum_j J^j df/dtheta. Unrolling K applications of f from the detached
    /// fixed point and backpropagating through them computes exactly the first K terms, because every
    /// step of that unroll sits at the fixed point. The error shrinks like c^K for a contraction factor c.
    /// </summary>
    Implicit,
}

/// <summary>
/// Settings of a fixed-point solve z &lt;- f(z, u). Defaults follow the DynaLay paper's group:
/// relative tolerance 1e-3, at most 20 iterations.
/// </summary>
public sealed record FpiOptions
{
    /// <summary>Stop a sample when ||z_{t+1} - z_t|| / (||z_t|| + Eps) falls below this.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Iterations allowed after the straight application.</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>Keeps the relative residual finite when z is all zeros.</summary>
    public double Eps { get; init; } = 1e-6;

    /// <summary>
    /// When set, every sample takes exactly this many iterations and no early exit happens
    /// (benchmarks use it so that the work is the same in every framework).
    /// </summary>
    public int? FixedIterations { get; init; }

    public FpiBackward Backward { get; init; } = FpiBackward.OneStep;

    /// <summary>Neumann terms of the Implicit backward (applications of f kept in the graph).</summary>
    public int NeumannTerms { get; init; } = 12;

    public static FpiOptions Default { get; } = new();

    public void Validate()
    {
        if (!(Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "FPI tolerance must be > 0.");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "FPI max iterations must be >= 1.");
        if (NeumannTerms < 1) throw new ArgumentOutOfRangeException(nameof(NeumannTerms), NeumannTerms, "Neumann terms must be >= 1.");
        if (FixedIterations is < 0) throw new ArgumentOutOfRangeException(nameof(FixedIterations), FixedIterations, "Fixed iterations must be >= 0.");
    }
}
