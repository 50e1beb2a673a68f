namespace DynaLay.Util;

/// <summary>
/// A seeded random stream whose position can be saved and restored, so that a resumed run draws what the
/// uninterrupted run would have drawn. It yields exactly the sequence of <c>new Random(seed)</c> for
/// <see cref="Random.Next(int)"/>, <see cref="Random.Next(int, int)"/>, <see cref="Random.NextDouble"/> and
/// <c>Shuffle</c> (each takes one draw of the underlying stream) and counts the draws; restoring replays
/// that many draws of a fresh stream. The other members take a varying number of draws and are refused.
/// </summary>
public sealed class ResumableRandom : Random
{
    private readonly int seed;
    private Random stream;

    public ResumableRandom(int seed)
    {
        this.seed = seed;
        stream = new Random(seed);
    }

    /// <summary>Draws taken since the seed: the stream's position.</summary>
    public long Draws { get; private set; }

    protected override double Sample()
    {
        Draws++;
        return stream.NextDouble();
    }

    /// <summary>Moves to <paramref name="draws"/> draws after the seed (what <see cref="Draws"/> said when saved).</summary>
    public void Restore(long draws)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(draws);
        stream = new Random(seed);
        for (long i = 0; i < draws; i++) stream.NextDouble();
        Draws = draws;
    }

    public override int Next() => throw Refused();
    public override long NextInt64() => throw Refused();
    public override long NextInt64(long maxValue) => throw Refused();
    public override long NextInt64(long minValue, long maxValue) => throw Refused();
    public override float NextSingle() => throw Refused();
    public override void NextBytes(byte[] buffer) => throw Refused();
    public override void NextBytes(Span<byte> buffer) => throw Refused();

    private static NotSupportedException Refused() =>
        new("ResumableRandom counts one draw per call; use Next(int), Next(int, int), NextDouble or Shuffle.");
}
