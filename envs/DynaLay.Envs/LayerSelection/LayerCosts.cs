using DynaLay.Nets;

namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// What the network's parts cost, in straight-pass units (one straight pass of the whole network = 1), and
/// what a step is charged for them. The live and the tabulated environment both charge through
/// <see cref="Charge"/>, in the same order of additions, so their rewards agree to the bit.
/// </summary>
/// <param name="Straight">Per layer: one straight application.</param>
/// <param name="Iteration">Per layer: one fixed-point iteration.</param>
/// <param name="Head">The classifier head.</param>
/// <param name="PassFlops">FLOPs of one straight pass: the unit.</param>
public sealed record LayerCosts(double[] Straight, double[] Iteration, double Head, double PassFlops)
{
    public int NumLayers => Straight.Length;

    /// <summary>
    /// The observation carries the probe (<see cref="ObservationExtras.Probe"/>): every layer whose output is new
    /// is charged one iteration, at reset all of them, after FPI on layer k layers k..L.
    /// </summary>
    public bool Probe { get; init; }

    /// <summary>What the reset is charged to the first decision: the straight pass, and the probe of every layer.</summary>
    public double Reset
    {
        get
        {
            double c = 1.0;
            if (Probe)
                for (int k = 0; k < NumLayers; k++) c += Iteration[k];
            return c;
        }
    }

    public static LayerCosts Of(MainNetwork network, ObservationExtras extras = ObservationExtras.None)
    {
        double unit = network.StraightPassFlops;
        return new LayerCosts(
            network.Layers.Select(l => l.StraightFlops / unit).ToArray(),
            network.Layers.Select(l => l.IterationFlops / unit).ToArray(),
            network.HeadFlops / unit,
            unit)
        { Probe = extras.HasFlag(ObservationExtras.Probe) };
    }

    /// <summary>
    /// Compute of putting layer <paramref name="k"/> (1-based) in FPI mode: its solve, then every later layer
    /// straight again (and solved again where it is in FPI mode), then the head; with the probe, one iteration of
    /// layers k..L to probe their new outputs.
    /// </summary>
    /// <param name="modesAfter">The sample's modes after the step (layer k included).</param>
    /// <param name="iterations">The sample's iterations per layer after the step.</param>
    public double Charge(int k, ReadOnlySpan<bool> modesAfter, ReadOnlySpan<int> iterations)
    {
        double c = 0;
        c += iterations[k - 1] * Iteration[k - 1];
        for (int j = k + 1; j <= NumLayers; j++)
        {
            c += Straight[j - 1];
            if (modesAfter[j - 1]) c += iterations[j - 1] * Iteration[j - 1];
        }
        c += Head;
        if (Probe)
            for (int j = k; j <= NumLayers; j++) c += Iteration[j - 1];
        return c;
    }

    /// <summary>Compute of one pass with the layers of <paramref name="mask"/> (bit k-1 = layer k) in FPI mode.</summary>
    public double PassCompute(int mask, ReadOnlySpan<int> iterations)
    {
        double c = 1.0;
        for (int k = 1; k <= NumLayers; k++)
            if ((mask >> (k - 1) & 1) == 1) c += iterations[k - 1] * Iteration[k - 1];
        return c;
    }
}
