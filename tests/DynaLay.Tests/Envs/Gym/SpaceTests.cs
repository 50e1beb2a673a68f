using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Envs.Gym;

public class SpaceTests
{
    [Fact]
    public void DiscreteContainsExactlyItsRange()
    {
        var space = new Discrete(3, start: -1);
        Assert.False(space.Contains(-2));
        Assert.True(space.Contains(-1));
        Assert.True(space.Contains(1));
        Assert.False(space.Contains(2));
        Assert.Equal(3, space.N);
        Assert.Equal(-1, space.Start);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void DiscreteRejectsNonPositiveN(int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Discrete(n));

    [Fact]
    public void DiscreteSamplesAreSeededAndCoverTheRange()
    {
        var a = new Discrete(4, start: 10);
        var b = new Discrete(4, start: 10);
        a.Seed(5);
        b.Seed(5);
        var samplesA = Enumerable.Range(0, 200).Select(_ => a.Sample()).ToArray();
        var samplesB = Enumerable.Range(0, 200).Select(_ => b.Sample()).ToArray();
        Assert.Equal(samplesA, samplesB);
        Assert.All(samplesA, s => Assert.True(a.Contains(s)));
        Assert.Equal([10, 11, 12, 13], samplesA.Distinct().Order());
    }

    [Fact]
    public void BoxContainsChecksLengthBoundsInclusivelyAndNan()
    {
        var box = new Box([-1f, 0f], [1f, 2f], [2]);
        Assert.True(box.Contains([-1f, 2f]));
        Assert.True(box.Contains([0.5f, 1f]));
        Assert.False(box.Contains([-1.01f, 1f]));
        Assert.False(box.Contains([0f, 2.01f]));
        Assert.False(box.Contains([0f]));
        Assert.False(box.Contains([0f, 1f, 1f]));
        Assert.False(box.Contains([float.NaN, 1f]));
        Assert.False(box.Contains(null!));
    }

    [Fact]
    public void BoxWithInfiniteBoundsContainsOnlyMatchingInfinities()
    {
        var box = new Box([float.NegativeInfinity, 0f], [float.PositiveInfinity, float.PositiveInfinity], [2]);
        Assert.True(box.Contains([-1e30f, 1e30f]));
        Assert.True(box.Contains([float.NegativeInfinity, float.PositiveInfinity]));
        Assert.False(box.Contains([0f, float.NegativeInfinity]));
        Assert.False(box.Contains([float.NaN, 0f]));
        Assert.False(box.IsBounded);
    }

    [Fact]
    public void BoxExposesShapeSizeAndDType()
    {
        var box = new Box(-2f, 3f, [2, 3]);
        Assert.Equal([2, 3], box.Shape);
        Assert.Equal(6, box.Size);
        Assert.Equal(typeof(float), box.DType);
        Assert.All(box.Low, l => Assert.Equal(-2f, l));
        Assert.All(box.High, h => Assert.Equal(3f, h));
        Assert.True(box.IsBounded);
    }

    [Fact]
    public void BoxRejectsInvalidBounds()
    {
        Assert.Throws<ArgumentException>(() => new Box([1f], [0f], [1]));
        Assert.Throws<ArgumentException>(() => new Box([float.NaN], [0f], [1]));
        Assert.Throws<ArgumentException>(() => new Box([0f, 0f], [1f], [2]));
        Assert.Throws<ArgumentException>(() => new Box([0f, 0f], [1f, 1f], [3]));
        Assert.Throws<ArgumentException>(() => new Box(0f, 1f, [-1]));
        Assert.Throws<ArgumentException>(() => new Box([float.PositiveInfinity], [float.PositiveInfinity], [1]));
    }

    [Fact]
    public void BoxCopiesTheCallersArrays()
    {
        var low = new[] { 0f };
        var high = new[] { 1f };
        var shape = new[] { 1 };
        var box = new Box(low, high, shape);
        low[0] = 5f;
        shape[0] = 7;
        Assert.Equal(0f, box.Low[0]);
        Assert.Equal([1], box.Shape);
    }

    [Fact]
    public void BoxSamplesAreSeededAndDeterministic()
    {
        var a = new Box([-1f, float.NegativeInfinity, 0f, float.NegativeInfinity], [1f, float.PositiveInfinity, float.PositiveInfinity, 0f], [4]);
        var b = new Box(a.Low, a.High, a.Shape);
        a.Seed(11);
        b.Seed(11);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(a.Sample(), b.Sample(), FloatArrayComparer.Instance);
        }

        b.Seed(12);
        a.Seed(11);
        Assert.NotEqual(a.Sample(), b.Sample(), FloatArrayComparer.Instance);
    }

    [Fact]
    public void BoxSamplesFollowGymnasiumsRulePerBoundKind()
    {
        var box = new Box(
            [-1f, float.NegativeInfinity, 2f, float.NegativeInfinity],
            [1f, float.PositiveInfinity, float.PositiveInfinity, -3f],
            [4]);
        box.Seed(3);
        const int n = 4000;
        var samples = Enumerable.Range(0, n).Select(_ => box.Sample()).ToArray();
        Assert.All(samples, s => Assert.True(box.Contains(s)));

        // Uniform on [-1, 1]: mean 0. Normal: mean 0, variance 1. low + Exp(1): mean low + 1. high - Exp(1): mean high - 1.
        Assert.InRange(samples.Average(s => s[0]), -0.1, 0.1);
        Assert.InRange(samples.Average(s => s[1]), -0.1, 0.1);
        Assert.InRange(samples.Average(s => s[1] * s[1]), 0.9, 1.1);
        Assert.InRange(samples.Average(s => s[2]), 2.9, 3.1);
        Assert.InRange(samples.Average(s => s[3]), -4.1, -3.9);
        Assert.Contains(samples, s => s[1] < 0);
        Assert.Contains(samples, s => s[1] > 0);
    }

    [Fact]
    public void BoxSampleStaysInsideHugeBounds()
    {
        var box = new Box(-float.MaxValue, float.MaxValue, [8]);
        box.Seed(0);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(box.Contains(box.Sample()));
        }
    }

    [Fact]
    public void DefaultObservationComparersCompareByValue()
    {
        Assert.True(ObservationComparers.Default<float[]>().Equals([1f, float.NaN], [1f, float.NaN]));
        Assert.False(ObservationComparers.Default<float[]>().Equals([1f, 2f], [1f, 2.0001f]));
        Assert.False(ObservationComparers.Default<float[]>().Equals([1f], [1f, 2f]));
        Assert.True(ObservationComparers.Default<int>().Equals(3, 3));
        Assert.False(ObservationComparers.Default<int>().Equals(3, 4));
        Assert.True(ObservationComparers.Default<int[]>().Equals([1, 2], [1, 2]));
        Assert.False(ObservationComparers.Default<int[]>().Equals([1, 2], [2, 1]));
    }
}
