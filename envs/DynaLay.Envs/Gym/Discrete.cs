namespace DynaLay.Envs.Gym;

/// <summary>The integers <c>{Start, Start + 1, ..., Start + N - 1}</c>.</summary>
public sealed class Discrete : ISpace<int>
{
    // Created lazily so that an unseeded space still samples, like Gymnasium's lazily created np_random.
    private Random? _random;

    /// <param name="n">Number of elements; must be positive.</param>
    /// <param name="start">The smallest element.</param>
    public Discrete(int n, int start = 0)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "Discrete space needs n > 0.");
        }

        // Start + N - 1 must be representable, or Contains/Sample would overflow.
        if ((long)start + n - 1 > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, "Discrete space's largest element overflows int.");
        }

        N = n;
        Start = start;
    }

    /// <summary>Number of elements.</summary>
    public int N { get; }

    /// <summary>The smallest element.</summary>
    public int Start { get; }

    /// <inheritdoc />
    public bool Contains(int value) => value >= Start && (long)value < (long)Start + N;

    /// <inheritdoc />
    public int Sample() => Start + Rng.Next(N);

    /// <inheritdoc />
    public void Seed(int seed) => _random = GymRandom.Create(seed);

    /// <inheritdoc />
    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";

    private Random Rng => _random ??= new Random();
}
