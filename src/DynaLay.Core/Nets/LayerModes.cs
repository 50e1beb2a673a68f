namespace DynaLay.Nets;

/// <summary>
/// Which layers run in FPI mode. The paper's Appendix D.1 configurations are Model 0 (none),
/// Model 1 (layer 1), Model 2 (layers 1-2) and Model 3 (all three).
/// </summary>
public static class LayerModes
{
    /// <summary>FPI flags of Model m (the first m layers iterate).</summary>
    public static bool[] Model(int m, int numLayers)
    {
        if (m < 0 || m > numLayers) throw new ArgumentOutOfRangeException(nameof(m), m, $"Model must be 0..{numLayers}.");
        var fpi = new bool[numLayers];
        for (int k = 0; k < m; k++) fpi[k] = true;
        return fpi;
    }

    /// <summary>Parses the pretraining flag: none | 1 | 1,2 | 1,2,3 (layers are 1-based).</summary>
    public static bool[] Parse(string text, int numLayers)
    {
        var fpi = new bool[numLayers];
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) return fpi;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out int k) || k < 1 || k > numLayers)
                throw new ArgumentException($"'{text}' is not a layer list: use none, random, paired, or 1-based layer numbers 1..{numLayers} separated by commas (e.g. 1,2).");
            fpi[k - 1] = true;
        }
        return fpi;
    }

    /// <summary>
    /// Per sample, the bit mask of the layers before <paramref name="layer"/> (0-based) that run in FPI mode:
    /// the input a layer's normalisation must know (see <see cref="ModeBatchNorm"/>).
    /// </summary>
    public static int[] Upstream(bool[,] fpi, int layer, IReadOnlyList<long>? rows = null)
    {
        int n = rows?.Count ?? fpi.GetLength(0);
        var masks = new int[n];
        for (int r = 0; r < n; r++)
        {
            long i = rows is null ? r : rows[r];
            for (int j = 0; j < layer; j++)
                if (fpi[i, j]) masks[r] |= 1 << j;
        }
        return masks;
    }

    public static string Describe(bool[] fpi) =>
        fpi.Any(f => f) ? string.Join(",", fpi.Select((f, i) => (f, i)).Where(p => p.f).Select(p => p.i + 1)) : "none";
}
