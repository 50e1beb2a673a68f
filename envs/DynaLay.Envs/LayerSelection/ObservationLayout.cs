namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// The observation vector of one sample, in this order:
/// <list type="number">
/// <item>for each layer k = 1..L, its activation averaged over space (images) or over the text's tokens, padding left out (text): one value per channel/unit;</item>
/// <item>with <see cref="ObservationExtras.Spread"/>: for each layer, the activation's standard deviation over the same positions, per channel/unit;</item>
/// <item>with <see cref="ObservationExtras.Probe"/>: for each layer, one iteration's relative residual at its output (&gt;= 0; L values);</item>
/// <item>with <see cref="ObservationExtras.Margin"/>: the top-2 margin of the softmax, in [0, 1];</item>
/// <item>the prediction's max softmax probability, in [0, 1];</item>
/// <item>the prediction's entropy divided by log(classes), in [0, 1];</item>
/// <item>each layer's mode, 1 = FPI, 0 = straight (L values);</item>
/// <item>the penalty so far, in straight-pass units (&gt;= 0);</item>
/// <item>the step fraction t / T, in [0, 1].</item>
/// </list>
/// Everything is detached from the main network: an agent's gradient can never reach it.
/// </summary>
public sealed record ObservationLayout(int[] LayerWidths, ObservationExtras Extras = ObservationExtras.None)
{
    public int NumLayers => LayerWidths.Length;

    /// <summary>Values of the network's part before the confidence: pooled activations and the extras.</summary>
    public int FeatureWidth => NetworkWidth(LayerWidths, Extras) - 2;

    /// <summary>Values of the network's part of the observation (what a backend writes): FeatureWidth + 2.</summary>
    public static int NetworkWidth(int[] layerWidths, ObservationExtras extras) =>
        layerWidths.Sum() * (extras.HasFlag(ObservationExtras.Spread) ? 2 : 1) + (extras.HasFlag(ObservationExtras.Probe) ? layerWidths.Length : 0)
        + (extras.HasFlag(ObservationExtras.Margin) ? 1 : 0) + 2;

    /// <summary>Index of layer 1's probe (the L probes follow each other); -1 without <see cref="ObservationExtras.Probe"/>.</summary>
    public int ProbeStart => Extras.HasFlag(ObservationExtras.Probe) ? LayerWidths.Sum() * (Extras.HasFlag(ObservationExtras.Spread) ? 2 : 1) : -1;

    public int MaxProbability => FeatureWidth;
    public int Entropy => FeatureWidth + 1;
    public int ModeStart => FeatureWidth + 2;
    public int Penalty => ModeStart + NumLayers;
    public int StepFraction => Penalty + 1;
    public int Size => StepFraction + 1;

    public (float[] Low, float[] High) Bounds()
    {
        var low = new float[Size];
        var high = new float[Size];
        int unbounded = FeatureWidth - (Extras.HasFlag(ObservationExtras.Margin) ? 1 : 0);
        Array.Fill(low, float.NegativeInfinity, 0, unbounded);
        Array.Fill(high, float.PositiveInfinity, 0, unbounded);
        if (ProbeStart >= 0) Array.Fill(low, 0f, ProbeStart, NumLayers);
        for (int i = unbounded; i < Size; i++) high[i] = 1;
        high[Penalty] = float.PositiveInfinity;
        return (low, high);
    }

    public IEnumerable<string> Names()
    {
        for (int k = 0; k < NumLayers; k++)
            for (int c = 0; c < LayerWidths[k]; c++) yield return $"layer{k + 1}_feature{c}";
        if (Extras.HasFlag(ObservationExtras.Spread))
            for (int k = 0; k < NumLayers; k++)
                for (int c = 0; c < LayerWidths[k]; c++) yield return $"layer{k + 1}_spread{c}";
        if (Extras.HasFlag(ObservationExtras.Probe))
            for (int k = 0; k < NumLayers; k++) yield return $"layer{k + 1}_probe";
        if (Extras.HasFlag(ObservationExtras.Margin)) yield return "margin";
        yield return "max_probability";
        yield return "entropy";
        for (int k = 0; k < NumLayers; k++) yield return $"mode_layer{k + 1}";
        yield return "penalty";
        yield return "step_fraction";
    }
}
