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

/// <summary>The method that iterates to a fixed point (one file per solver in this folder).</summary>
public enum FpiSolverKind
{
    /// <summary>Plain fixed-point iteration z &lt;- f(z, u) (<see cref="PicardSolver"/>).</summary>
    Picard,

    /// <summary>
    /// Anderson acceleration (<see cref="AndersonSolver"/>): the next iterate mixes the last m iterates with the
    /// weights that minimise the mixed residual, so a contraction close to 1 takes far fewer applications of f.
    /// </summary>
    Anderson,
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

    /// <summary>Picard: the existing behaviour, and what runs written before this setting existed load as.</summary>
    public FpiSolverKind Solver { get; init; } = FpiSolverKind.Picard;

    /// <summary>Anderson: past iterates mixed. 5: the implicit-layers tutorial's anderson (torchdeq's anderson_solver uses 6).</summary>
    public int AndersonM { get; init; } = 5;

    /// <summary>Anderson: mixing beta, x_next = sum a_i x_i + beta sum a_i g_i. 1.0: torchdeq's tau, undamped.</summary>
    public double AndersonBeta { get; init; } = 1.0;

    /// <summary>
    /// Anderson: ridge of the least-squares, relative to the smallest squared residual in the history (so it does not
    /// depend on the activations' scale). 1e-4: torchdeq's lam (absolute there).
    /// </summary>
    public double AndersonLambda { get; init; } = 1e-4;

    public static FpiOptions Default { get; } = new();

    /// <summary>These settings with the solver method (kind and Anderson parameters) of <paramref name="other"/>.</summary>
    public FpiOptions WithMethodOf(FpiOptions other) => this with
    {
        Solver = other.Solver,
        AndersonM = other.AndersonM,
        AndersonBeta = other.AndersonBeta,
        AndersonLambda = other.AndersonLambda,
    };

    public void Validate()
    {
        if (!(Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "FPI tolerance must be > 0.");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "FPI max iterations must be >= 1.");
        if (NeumannTerms < 1) throw new ArgumentOutOfRangeException(nameof(NeumannTerms), NeumannTerms, "Neumann terms must be >= 1.");
        if (FixedIterations is < 0) throw new ArgumentOutOfRangeException(nameof(FixedIterations), FixedIterations, "Fixed iterations must be >= 0.");
        if (!Enum.IsDefined(Solver)) throw new ArgumentOutOfRangeException(nameof(Solver), Solver, $"Unknown FPI solver; expected one of {string.Join(", ", Enum.GetNames<FpiSolverKind>())}.");
        if (AndersonM < 1) throw new ArgumentOutOfRangeException(nameof(AndersonM), AndersonM, "Anderson history size m must be >= 1 (m = 1 is plain iteration).");
        if (!(AndersonBeta > 0 && AndersonBeta <= 1)) throw new ArgumentOutOfRangeException(nameof(AndersonBeta), AndersonBeta, "Anderson mixing beta must be in (0, 1].");
        if (!(AndersonLambda > 0 && double.IsFinite(AndersonLambda))) throw new ArgumentOutOfRangeException(nameof(AndersonLambda), AndersonLambda, "Anderson ridge lambda must be finite and > 0 (without it the least-squares is singular once past residuals are collinear).");
    }
}
