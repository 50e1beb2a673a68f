using DynaLay.Stats;

namespace DynaLay.Tests.Core.Stats;

public class RliableTests
{
    [Fact]
    public void IqmTrimsAQuarterFromEachEnd()
    {
        // n = 8: floor(0.25 * 8) = 2 removed from each end, mean of 3, 4, 5, 6.
        Assert.Equal(4.5, Rliable.InterquartileMean([8, 1, 7, 2, 6, 3, 5, 4]), 12);
        Assert.Equal(4.5, Rliable.InterquartileMean([1, 2, 3, 4, 5, 6, 7, 1e9]), 12);
        Assert.Equal(4.5, Rliable.InterquartileMean([-1e9, 2, 3, 4, 5, 6, 7, 8]), 12);
        // n = 5: floor(1.25) = 1 removed from each end, mean of 2, 3, 10.
        Assert.Equal(5.0, Rliable.InterquartileMean([1, 2, 3, 10, 100]), 12);
    }

    [Theory]
    [InlineData(new[] { 7.0 }, 7.0)]
    [InlineData(new[] { 1.0, 100.0 }, 50.5)]
    [InlineData(new[] { 1.0, 2.0, 30.0 }, 11.0)]
    public void IqmOfFewerThanFourRunsIsTheMean(double[] scores, double expected) =>
        Assert.Equal(expected, Rliable.InterquartileMean(scores), 12);

    [Fact]
    public void IqmCiContainsTheEstimateAndNarrowsWithMoreRuns()
    {
        var few = Draw(10, seed: 1);
        var many = Draw(200, seed: 1);

        var (low, high) = Rliable.IqmCi(few);
        double iqm = Rliable.InterquartileMean(few);
        Assert.True(low <= iqm && iqm <= high, $"[{low}, {high}] does not contain {iqm}");
        Assert.True(low < high);

        var (manyLow, manyHigh) = Rliable.IqmCi(many);
        Assert.True(manyHigh - manyLow < 0.5 * (high - low),
            $"200 runs: width {manyHigh - manyLow}; 10 runs: width {high - low}");
    }

    [Fact]
    public void SameSeedGivesTheSameCi()
    {
        var scores = Draw(20, seed: 3);
        Assert.Equal(Rliable.IqmCi(scores, seed: 5), Rliable.IqmCi(scores, seed: 5));
        Assert.NotEqual(Rliable.IqmCi(scores, seed: 5), Rliable.IqmCi(scores, seed: 6));
    }

    [Fact]
    public void StratifiedBootstrapResamplesWithinEachTask()
    {
        // Every resample keeps 3 runs of task A (all 0) and 5 of task B (all 1), so the pooled mean is
        // always 5/8; a bootstrap over the pooled runs would vary.
        IReadOnlyList<IReadOnlyList<double>> tasks = [new double[] { 0, 0, 0 }, new double[] { 1, 1, 1, 1, 1 }];
        var ci = Rliable.StratifiedBootstrapCi(tasks, t => t.SelectMany(r => r).Average(), resamples: 200);
        Assert.Equal((0.625, 0.625), ci);
    }

    [Fact]
    public void ProbabilityOfImprovementCountsPairsAndHalfTies()
    {
        double[] a = [1, 2, 3, 4];
        Assert.Equal(0.5, Rliable.ProbabilityOfImprovement(a, a), 12);
        Assert.Equal(1.0, Rliable.ProbabilityOfImprovement([5, 6, 7], a), 12);
        Assert.Equal(0.0, Rliable.ProbabilityOfImprovement(a, [5, 6, 7]), 12);

        // x = 1: beats 0 -> 1; x = 2: ties 2, 2, beats 0 -> 2; x = 3: beats all -> 3. Total 6 of 9 pairs.
        double[] x = [1, 2, 3], y = [2, 2, 0];
        Assert.Equal(6.0 / 9, Rliable.ProbabilityOfImprovement(x, y), 12);
        Assert.Equal(1.0, Rliable.ProbabilityOfImprovement(x, y) + Rliable.ProbabilityOfImprovement(y, x), 12);
    }

    [Fact]
    public void ProbabilityOfImprovementCiContainsTheEstimate()
    {
        var x = Draw(15, seed: 7).Select(v => v + 0.3).ToArray();
        var y = Draw(12, seed: 8);
        double p = Rliable.ProbabilityOfImprovement(x, y);
        var (low, high) = Rliable.ProbabilityOfImprovementCi(x, y, resamples: 1000, seed: 2);
        Assert.True(0 <= low && low <= p && p <= high && high <= 1, $"[{low}, {high}] vs {p}");
        Assert.Equal((low, high), Rliable.ProbabilityOfImprovementCi(x, y, resamples: 1000, seed: 2));
    }

    [Fact]
    public void BadInputThrowsNamingTheProblem()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Rliable.InterquartileMean([])).Message);
        Assert.Contains("y is empty", Assert.Throws<ArgumentException>(() => Rliable.ProbabilityOfImprovement([1.0], [])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Rliable.IqmCi([1, double.NaN])).Message);
        Assert.Contains("runsPerTask is empty", Assert.Throws<ArgumentException>(
            () => Rliable.StratifiedBootstrapCi([], t => 0)).Message);
        Assert.Contains("runsPerTask[1] is empty", Assert.Throws<ArgumentException>(
            () => Rliable.StratifiedBootstrapCi([new double[] { 1 }, Array.Empty<double>()], t => 0)).Message);
        foreach (double c in new[] { 0.0, 1.0, -0.5, 95, double.NaN })
            Assert.Contains("confidence", Assert.Throws<ArgumentException>(() => Rliable.IqmCi([1, 2], confidence: c)).Message);
        Assert.Contains("resamples", Assert.Throws<ArgumentException>(() => Rliable.IqmCi([1, 2], resamples: 0)).Message);
    }

    // Uniform scores in [0, 1), reproducible for a seed.
    private static double[] Draw(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
    }
}
