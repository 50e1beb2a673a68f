namespace DynaLay.Fpi;

/// <summary>The per-sample statistics a solver fills in: applications of f, last residual, converged.</summary>
internal sealed class FpiStats(int batch)
{
    public int Batch { get; } = batch;
    public int[] Iterations { get; } = new int[batch];
    public float[] Residual { get; } = new float[batch];
    public bool[] Converged { get; } = new bool[batch];

    /// <summary>After exactly <paramref name="n"/> iterations of every sample, <see cref="Residual"/> filled.</summary>
    public void FinishFixed(int n, double tolerance)
    {
        Array.Fill(Iterations, n);
        for (int i = 0; i < Batch; i++)
            Converged[i] = n > 0 && Residual[i] < tolerance;
    }
}
