namespace DynaLay.Envs.Gym;

/// <summary>Creates the seeded <see cref="Random"/> instances used by spaces and environments.</summary>
public static class GymRandom
{
    /// <summary>
    /// A <see cref="Random"/> whose stream is determined by <paramref name="seed"/>. Use this instead of
    /// <c>new Random(seed)</c>: the seeded constructor uses <c>|seed|</c>, so <c>s</c> and <c>-s</c> (and
    /// <c>int.MinValue</c> and <c>int.MaxValue</c>) would give identical streams, and a vector env seeded with
    /// <c>-1</c> would get twin sub-envs. The seed is scrambled with SplitMix64's finalizer first, so nearby and
    /// opposite seeds give unrelated streams.
    /// </summary>
    public static Random Create(int seed) => new(Scramble(seed));

    /// <summary>The non-negative value handed to <c>new Random(int)</c> for <paramref name="seed"/>.</summary>
    public static int Scramble(int seed)
    {
        var z = (ulong)(uint)seed + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z >> 33);
    }
}
