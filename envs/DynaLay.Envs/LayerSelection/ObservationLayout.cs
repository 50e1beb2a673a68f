namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// The observation vector of one sample, in this order:
/// <list type="number">
/// <item>for each layer k = 1..L, its activation averaged over space (images) or over the text's tokens, padding left out (text): one value per channel/unit;</item>
/// <item>the prediction's max softmax probability, in [0, 1];</item>
/// <item>the prediction's entropy divided by log(classes), in [0, 1];</item>
/// <item>each layer's mode, 1 = FPI, 0 = straight (L values);</item>
/// <item>the penalty so far, in straight-pass units (&gt;= 0);</item>
/// <item>the step fraction t / T, in [0, 1].</item>
/// </list>
/// Everything is detached from the main network: an agent's gradient can never reach it.
/// </summary>
public sealed record ObservationLayout(int[] LayerWidths)
{
    public int NumLayers => LayerWidths.Length;
    public int FeatureWidth => LayerWidths.Sum();
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
        Array.Fill(low, float.NegativeInfinity, 0, FeatureWidth);
        Array.Fill(high, float.PositiveInfinity, 0, FeatureWidth);
        for (int i = FeatureWidth; i < Size; i++) high[i] = 1;
        high[Penalty] = float.PositiveInfinity;
        return (low, high);
    }

    public IEnumerable<string> Names()
    {
        for (int k = 0; k < NumLayers; k++)
            for (int c = 0; c < LayerWidths[k]; c++) yield return $"layer{k + 1}_feature{c}";
        yield return "max_probability";
        yield return "entropy";
        for (int k = 0; k < NumLayers; k++) yield return $"mode_layer{k + 1}";
        yield return "penalty";
        yield return "step_fraction";
    }
}
