using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Envs.Gym;

public class WrapperTests
{
    private const int Left = 0;
    private const int Right = 1;

    [Fact]
    public void TimeLimitTruncatesExactlyAtTheLimit()
    {
        var env = new TimeLimit<float[], int>(new CorridorEnv(fixedStart: 0), maxEpisodeSteps: 3);
        for (var episode = 0; episode < 2; episode++)
        {
            env.Reset();
            Assert.Equal(0, env.ElapsedSteps);
            Assert.False(env.Step(Left).Truncated);
            Assert.False(env.Step(Left).Truncated);
            var last = env.Step(Left);
            Assert.True(last.Truncated);
            Assert.False(last.Terminated);
            Assert.Equal(3, env.ElapsedSteps);
        }
    }

    [Fact]
    public void TimeLimitReportsOnlyTerminationWhenBothHappenOnTheSameStep()
    {
        var env = new TimeLimit<float[], int>(new CorridorEnv(length: 6, fixedStart: 3), maxEpisodeSteps: 2);
        env.Reset();
        Assert.False(env.Step(Right).Done);
        var last = env.Step(Right);
        Assert.True(last.Terminated);
        Assert.False(last.Truncated);
    }

    [Fact]
    public void TimeLimitRejectsNonPositiveLimits() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeLimit<float[], int>(new CorridorEnv(), 0));

    [Fact]
    public void WrappersForwardSpacesRngAndUnwrapToTheBaseEnv()
    {
        var corridor = new CorridorEnv();
        var env = new OrderEnforcing<float[], int>(new TimeLimit<float[], int>(corridor, 10));
        Assert.Same(corridor, env.Unwrapped);
        Assert.Same(corridor.ObservationSpace, env.ObservationSpace);
        Assert.Same(corridor.ActionSpace, env.ActionSpace);
        env.Reset(seed: 3);
        Assert.Same(corridor.NpRandom, env.NpRandom);
        Assert.Equal(3, corridor.NpRandomSeed);
        env.Close();
        Assert.True(corridor.IsClosed);
    }

    [Fact]
    public void OrderEnforcingRejectsStepBeforeReset()
    {
        using var env = new OrderEnforcing<float[], int>(new CorridorEnv());
        var ex = Assert.Throws<InvalidOperationException>(() => env.Step(Right));
        Assert.Contains("call Reset before Step", ex.Message);
        Assert.False(env.HasReset);
    }

    [Fact]
    public void OrderEnforcingRejectsStepAfterTheEpisodeEndedUntilReset()
    {
        using var env = new OrderEnforcing<float[], int>(new CorridorEnv(length: 6, fixedStart: 4));
        env.Reset();
        Assert.True(env.Step(Right).Terminated);
        Assert.True(env.EpisodeEnded);
        var ex = Assert.Throws<InvalidOperationException>(() => env.Step(Right));
        Assert.Contains("terminated or truncated", ex.Message);
        Assert.Contains("call Reset before Step", ex.Message);

        env.Reset();
        Assert.False(env.Step(Left).Done);
    }

    [Fact]
    public void OrderEnforcingRejectsStepAfterTruncation()
    {
        using var env = new OrderEnforcing<float[], int>(new TimeLimit<float[], int>(new CorridorEnv(fixedStart: 0), 1));
        env.Reset();
        Assert.True(env.Step(Left).Truncated);
        Assert.Throws<InvalidOperationException>(() => env.Step(Left));
    }

    [Fact]
    public void OrderEnforcingRejectsUseAfterCloseAndClosesIdempotently()
    {
        var env = new OrderEnforcing<float[], int>(new CorridorEnv());
        env.Reset();
        env.Close();
        env.Close();
        env.Dispose();
        Assert.Throws<ObjectDisposedException>(() => env.Step(Right));
        Assert.Throws<ObjectDisposedException>(() => env.Reset());
    }

    [Fact]
    public void RecordEpisodeStatisticsWritesStatsOnceAtTheEnd()
    {
        var env = new RecordEpisodeStatistics<float[], int>(new CorridorEnv(length: 6, fixedStart: 3));
        env.Reset();
        var steps = new[] { Left, Right, Right, Right }.Select(env.Step).ToArray();
        Assert.True(steps[^1].Terminated);
        Assert.All(steps[..^1], s => Assert.False(s.Info.ContainsKey(EpisodeStatistics.InfoKey)));

        var stats = Assert.IsType<EpisodeStatistics>(steps[^1].Info[EpisodeStatistics.InfoKey]);
        Assert.Equal(1.0 - (3 * CorridorEnv.StepCost), stats.Return, 12);
        Assert.Equal(4, stats.Length);
        Assert.True(stats.Seconds >= 0);
        Assert.Equal([stats], env.RecentEpisodes);
        Assert.Equal(1, env.EpisodeCount);

        // Stepping on without a reset is outside any episode and must not produce a second record.
        var extra = env.Step(Right);
        Assert.False(extra.Info.ContainsKey(EpisodeStatistics.InfoKey));
        Assert.Equal(1, env.EpisodeCount);
    }

    [Fact]
    public void RecordEpisodeStatisticsRecordsTruncatedEpisodes()
    {
        var env = new RecordEpisodeStatistics<float[], int>(new TimeLimit<float[], int>(new CorridorEnv(fixedStart: 0), 2));
        env.Reset();
        env.Step(Left);
        var last = env.Step(Left);
        Assert.True(last.Truncated);
        var stats = Assert.IsType<EpisodeStatistics>(last.Info[EpisodeStatistics.InfoKey]);
        Assert.Equal(2, stats.Length);
        Assert.Equal(-2 * CorridorEnv.StepCost, stats.Return, 12);
    }

    [Fact]
    public void RecordEpisodeStatisticsKeepsABoundedQueue()
    {
        var env = new RecordEpisodeStatistics<float[], int>(new CorridorEnv(length: 6, fixedStart: 0), bufferLength: 2);
        for (var episode = 1; episode <= 3; episode++)
        {
            env.Reset();
            for (var i = 0; i < episode; i++)
            {
                env.Step(Left);
            }

            while (!env.Step(Right).Terminated)
            {
            }
        }

        Assert.Equal(3, env.EpisodeCount);
        Assert.Equal([7, 8], env.RecentEpisodes.Select(e => e.Length));
    }

    [Fact]
    public void RecordEpisodesReportsResetsStepsAndEnds()
    {
        var recorder = new ListEpisodeRecorder();
        var env = new RecordEpisodes<float[], int>(new CorridorEnv(length: 6, fixedStart: 3), recorder);
        env.Reset();
        env.Step(Right);
        env.Step(Right);
        env.Step(Right); // outside any episode: not recorded
        env.Reset();
        env.Step(Left); // abandoned by the next reset
        env.Reset();
        env.Close(); // abandoned by close
        env.Close();

        Assert.Equal(
            ["reset 3", "step 1 -> 4", "step 1 -> 5 terminated", "end",
             "reset 3", "step 0 -> 2", "end",
             "reset 3", "end"],
            recorder.Events);
    }

    [Fact]
    public void RecordEpisodesReportsTruncation()
    {
        var recorder = new ListEpisodeRecorder();
        var env = new RecordEpisodes<float[], int>(new TimeLimit<float[], int>(new CorridorEnv(fixedStart: 0), 1), recorder);
        env.Reset();
        env.Step(Left);
        Assert.Equal(["reset 0", "step 0 -> 0 truncated", "end"], recorder.Events);
    }
}
