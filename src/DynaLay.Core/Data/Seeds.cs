namespace DynaLay.Data;

/// <summary>Derives independent, reproducible seeds (HashCode is randomised per process, so it cannot be used).</summary>
internal static class Seeds
{
    public static int Derive(int seed, int stream)
    {
        // SplitMix64 finaliser: nearby inputs give unrelated outputs.
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)stream) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    /// <summary>A sorted, seeded random choice of <paramref name="take"/> of <paramref name="count"/> indices.</summary>
    public static int[] Choose(int count, int take, int seed)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (take >= count)
        {
            return all;
        }

        new Random(seed).Shuffle(all);
        var chosen = all[..take];
        Array.Sort(chosen);
        return chosen;
    }
}
