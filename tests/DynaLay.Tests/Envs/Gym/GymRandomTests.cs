using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Envs.Gym;

public class GymRandomTests
{
    [Theory]
    [InlineData(1, -1)]
    [InlineData(int.MaxValue, int.MinValue)]
    [InlineData(0, 1)]
    public void OppositeAndNeighbouringSeedsGiveDifferentStreams(int a, int b)
    {
        Assert.NotEqual(Draws(GymRandom.Create(a)), Draws(GymRandom.Create(b)));
    }

    [Fact]
    public void SameSeedGivesSameStream()
    {
        Assert.Equal(Draws(GymRandom.Create(-7)), Draws(GymRandom.Create(-7)));
    }

    [Fact]
    public void ScrambledSeedsAreNonNegativeAndDistinctForAWindowOfSeeds()
    {
        var scrambled = Enumerable.Range(-5000, 10001).Select(GymRandom.Scramble).ToArray();
        Assert.All(scrambled, s => Assert.True(s >= 0));
        Assert.Equal(scrambled.Length, scrambled.Distinct().Count());
    }

    [Fact]
    public void SpacesSeededWithOppositeSeedsSampleDifferently()
    {
        var a = new Box(0f, 1f, [4]);
        var b = new Box(0f, 1f, [4]);
        a.Seed(3);
        b.Seed(-3);
        Assert.NotEqual(a.Sample(), b.Sample(), FloatArrayComparer.Instance);
    }

    private static long[] Draws(Random random) => Enumerable.Range(0, 4).Select(_ => random.NextInt64()).ToArray();
}
