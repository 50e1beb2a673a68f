namespace DynaLay.Bench;

/// <summary>Per-repeat figures of one case; summarised by the median, spread by min and max.</summary>
public sealed class Measurement
{
    public Measurement(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("A measurement needs at least one sample.", nameof(samples));
        Samples = samples;
    }

    public IReadOnlyList<double> Samples { get; }
    public double Min => Samples.Min();
    public double Max => Samples.Max();

    public double Median
    {
        get
        {
            var s = Samples.Order().ToArray();
            int n = s.Length;
            return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        }
    }

    /// <summary>
    /// Repeat-by-repeat ratio a/b. The cases of a workload run interleaved within each repeat, so pairing
    /// them cancels slow drifts of the machine (other load, frequency) that would widen a ratio of medians.
    /// </summary>
    public static Measurement Ratio(Measurement a, Measurement b)
    {
        int n = Math.Min(a.Samples.Count, b.Samples.Count);
        var r = new double[n];
        for (int i = 0; i < n; i++) r[i] = a.Samples[i] / b.Samples[i];
        return new Measurement(r);
    }
}
