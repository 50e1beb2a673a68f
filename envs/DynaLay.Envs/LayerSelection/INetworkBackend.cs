namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// Per-layer solver facts of a batch, [row, layer]: what the environment reports in info and the charge reads.
/// A layer in straight mode has 0 iterations, residual 0 and converged false.
/// </summary>
public sealed class LayerRecord(int batch, int layers)
{
    public int[,] Iterations { get; } = new int[batch, layers];
    public float[,] Residual { get; } = new float[batch, layers];
    public bool[,] Converged { get; } = new bool[batch, layers];
}

/// <summary>
/// What <see cref="LayerSelectionEnv"/> asks of the main network: a batch run straight, a layer put in FPI
/// mode for some of its samples, and the features an observation reads. <see cref="LiveBackend"/> runs the
/// network; <c>TableBackend</c> looks the same answers up in a table built once. The environment keeps
/// everything else (visiting order, modes, charges, rewards, episode ends, observation layout, info), so the
/// two cannot drift apart.
/// </summary>
public interface INetworkBackend : IDisposable
{
    int NumLayers { get; }

    /// <summary>Width of each layer's pooled activation in the observation.</summary>
    int[] LayerWidths { get; }

    /// <summary>The features the observation carries beside the pooled activations and the confidence.</summary>
    ObservationExtras Extras { get; }

    LayerCosts Costs { get; }

    /// <summary>Loads the samples of a new batch with every layer straight.</summary>
    void Reset(long[] indices);

    /// <summary>
    /// Puts layer <paramref name="k"/> (1-based) of the given rows in FPI mode (<paramref name="modes"/> already
    /// says so) and recomputes the layers after it in their own modes. Writes the record of layer k and of every
    /// later layer in FPI mode for those rows.
    /// </summary>
    void Iterate(int k, IReadOnlyList<long> rows, bool[,] modes, LayerRecord record);

    /// <summary>
    /// Writes, for each row, the layer features, the max probability and the normalised entropy to
    /// observations[row * stride ..] (<see cref="ObservationLayout.FeatureWidth"/> + 2 values), and the prediction.
    /// </summary>
    void Read(float[] observations, int stride, long[] predictions);

    /// <summary>
    /// For each sample and each mode set (bit k-1 = layer k in FPI mode): the prediction and the iterations per
    /// layer of a pass with that set. What the oracle looks ahead through.
    /// </summary>
    (long[,] Predictions, int[,,] Iterations) Lookahead(long[] indices);
}
