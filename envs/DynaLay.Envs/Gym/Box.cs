namespace DynaLay.Envs.Gym;

/// <summary>
/// A (possibly unbounded) box in R^n of <see cref="float"/> values, stored flat in row-major order:
/// element <c>i</c> lies in the closed interval <c>[Low[i], High[i]]</c>. Bounds may be infinite.
/// </summary>
public sealed class Box : ISpace<float[]>
{
    private Random? _random;

    /// <summary>A box with the same bounds for every element.</summary>
    public Box(float low, float high, int[] shape)
        : this(Fill(low, shape), Fill(high, shape), shape)
    {
    }

    /// <summary>A one-dimensional box whose shape is the bounds' length.</summary>
    public Box(float[] low, float[] high)
        : this(low, high, [low?.Length ?? throw new ArgumentNullException(nameof(low))])
    {
    }

    /// <summary>A box with per-element bounds; <paramref name="low"/> and <paramref name="high"/> are flat, row-major.</summary>
    public Box(float[] low, float[] high, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(shape);

        Shape = (int[])shape.Clone();
        Size = SizeOf(Shape);
        if (low.Length != Size || high.Length != Size)
        {
            throw new ArgumentException(
                $"Box bounds have lengths {low.Length} and {high.Length} but shape [{string.Join(", ", Shape)}] has {Size} elements.");
        }

        for (var i = 0; i < Size; i++)
        {
            // Same rules as Gymnasium: NaN bounds and empty intervals have no meaning.
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]))
            {
                throw new ArgumentException($"Box bound {i} is NaN.");
            }

            if (float.IsPositiveInfinity(low[i]) || float.IsNegativeInfinity(high[i]))
            {
                throw new ArgumentException($"Box bound {i} is empty: low={low[i]}, high={high[i]}.");
            }

            if (low[i] > high[i])
            {
                throw new ArgumentException($"Box bound {i} has low {low[i]} > high {high[i]}.");
            }
        }

        // Copies, so a caller reusing its arrays cannot change the space behind our back.
        Low = (float[])low.Clone();
        High = (float[])high.Clone();
    }

    /// <summary>Per-element lower bounds (flat, row-major; may be -inf). The live array, exposed without copying for
    /// hot loops: do not modify it.</summary>
    public float[] Low { get; }

    /// <summary>Per-element upper bounds (flat, row-major; may be +inf). The live array: do not modify it.</summary>
    public float[] High { get; }

    /// <summary>The logical shape; the flat length is <see cref="Size"/>.</summary>
    public int[] Shape { get; }

    /// <summary>Element type; always <see cref="float"/>.</summary>
    public Type DType => typeof(float);

    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public int Size { get; }

    /// <summary>Whether every element is bounded below and above.</summary>
    public bool IsBounded
    {
        get
        {
            for (var i = 0; i < Size; i++)
            {
                if (float.IsInfinity(Low[i]) || float.IsInfinity(High[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// True when <paramref name="value"/> has <see cref="Size"/> elements, each inside its closed interval.
    /// NaN is never contained; an infinite element is contained only where that bound is itself infinite.
    /// </summary>
    public bool Contains(float[] value)
    {
        if (value is null || value.Length != Size)
        {
            return false;
        }

        for (var i = 0; i < Size; i++)
        {
            // Written as a negated conjunction so NaN, which fails every comparison, is rejected.
            if (!(value[i] >= Low[i] && value[i] <= High[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Gymnasium's sampling rule per element: uniform on <c>[low, high]</c> when bounded,
    /// standard normal when unbounded on both sides, <c>low + Exp(1)</c> or <c>high - Exp(1)</c> when bounded on one side.
    /// </summary>
    public float[] Sample()
    {
        var rng = Rng;
        var sample = new float[Size];
        for (var i = 0; i < Size; i++)
        {
            double low = Low[i];
            double high = High[i];
            var lowBounded = !double.IsInfinity(low);
            var highBounded = !double.IsInfinity(high);
            double x;
            if (lowBounded && highBounded)
            {
                // Doubles so that high - low does not overflow for bounds near float.MaxValue.
                x = low + (rng.NextDouble() * (high - low));
            }
            else if (lowBounded)
            {
                x = low + Exponential(rng);
            }
            else if (highBounded)
            {
                x = high - Exponential(rng);
            }
            else
            {
                x = StandardNormal(rng);
            }

            // Rounding to float can step just outside a bound; Contains must still accept every sample.
            sample[i] = Math.Clamp((float)x, Low[i], High[i]);
        }

        return sample;
    }

    /// <inheritdoc />
    public void Seed(int seed) => _random = GymRandom.Create(seed);

    /// <inheritdoc />
    public override string ToString() => $"Box(shape=[{string.Join(", ", Shape)}], dtype=float32)";

    private Random Rng => _random ??= new Random();

    private static double Exponential(Random rng) => -Math.Log(1.0 - rng.NextDouble());

    private static double StandardNormal(Random rng)
    {
        // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static int SizeOf(int[] shape)
    {
        long size = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Box shape [{string.Join(", ", shape)}] has a negative dimension.");
            }

            size *= dim;
            if (size > int.MaxValue)
            {
                throw new ArgumentException($"Box shape [{string.Join(", ", shape)}] is too large.");
            }
        }

        return (int)size;
    }

    private static float[] Fill(float value, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var array = new float[SizeOf(shape)];
        Array.Fill(array, value);
        return array;
    }
}
