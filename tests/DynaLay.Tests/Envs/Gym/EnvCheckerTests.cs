using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Envs.Gym;

public class EnvCheckerTests
{
    public static TheoryData<string> WrapperStacks => ["bare", "TimeLimit", "OrderEnforcing", "RecordEpisodeStatistics", "RecordEpisodes", "all"];

    [Theory]
    [MemberData(nameof(WrapperStacks))]
    public void CorridorPassesBareAndUnderEveryWrapper(string stack)
    {
        EnvChecker.Check(() => Wrap(new CorridorEnv(), stack));
    }

    [Fact]
    public void CorridorPassesForSeveralSeeds()
    {
        foreach (var seed in new[] { 0, 1, -5, int.MaxValue })
        {
            EnvChecker.Check<float[], int>(() => new CorridorEnv(), seed: seed);
        }
    }

    [Fact]
    public void DirectIEnvWithIntObservationsPasses()
    {
        EnvChecker.Check<int, int>(() => new CoinEnv());
        EnvChecker.Check<int, int>(() => new RecordEpisodeStatistics<int, int>(new OrderEnforcing<int, int>(new CoinEnv())));
    }

    [Fact]
    public void NanRewardFailsTheRewardChecks()
    {
        var ex = Assert.Throws<EnvCheckException>(() =>
            EnvChecker.Check<float[], int>(() => new CorridorEnv(faults: CorridorFault.NanReward)));
        Assert.Contains(EnvCheckNames.StepRewardFinite, ex.FailedChecks);
        Assert.Contains(EnvCheckNames.RandomStepsFinite, ex.FailedChecks);
        Assert.Contains(EnvCheckNames.StepRewardFinite, ex.Message);
        Assert.DoesNotContain(EnvCheckNames.StepObservationInSpace, ex.FailedChecks);
        Assert.DoesNotContain(EnvCheckNames.StepDeterministic, ex.FailedChecks);
    }

    [Fact]
    public void ObservationOutsideTheSpaceFailsThatCheckOnly()
    {
        var ex = Assert.Throws<EnvCheckException>(() =>
            EnvChecker.Check<float[], int>(() => new CorridorEnv(faults: CorridorFault.ObservationOutsideSpace)));
        Assert.Equal([EnvCheckNames.StepObservationInSpace], ex.FailedChecks);
        Assert.Contains("not in Box", ex.Message);
    }

    [Fact]
    public void InfiniteObservationFailsTheRandomStepsCheck()
    {
        var ex = Assert.Throws<EnvCheckException>(() =>
            EnvChecker.Check<float[], int>(() => new CorridorEnv(faults: CorridorFault.InfiniteObservation)));
        Assert.Contains(EnvCheckNames.RandomStepsFinite, ex.FailedChecks);
        Assert.Contains(EnvCheckNames.StepObservationInSpace, ex.FailedChecks);
    }

    [Fact]
    public void ResetIgnoringTheSeedFailsTheSeedingCheck()
    {
        var ex = Assert.Throws<EnvCheckException>(() =>
            EnvChecker.Check(() => new SeedOverridingWrapper<float[], int>(new CorridorEnv(), _ => null)));
        Assert.Contains(EnvCheckNames.ResetSameSeedDeterministic, ex.FailedChecks);
        Assert.Contains("NpRandom", ex.Message);
    }

    [Fact]
    public void ResetPinningOneSeedFailsTheDifferentSeedCheck()
    {
        var ex = Assert.Throws<EnvCheckException>(() =>
            EnvChecker.Check(() => new SeedOverridingWrapper<float[], int>(new CorridorEnv(), _ => 0)));
        Assert.Equal([EnvCheckNames.ResetDifferentSeedChangesRng], ex.FailedChecks);
    }

    [Fact]
    public void InvalidSpaceFailsTheSpacesCheck()
    {
        var ex = Assert.Throws<EnvCheckException>(() =>
            EnvChecker.Check<float[], int>(() => new CorridorEnv(faults: CorridorFault.InvalidSpace)));
        Assert.Contains(EnvCheckNames.SpacesValid, ex.FailedChecks);
        Assert.Contains("low[0]", ex.Message);
    }

    [Fact]
    public void EveryFailedCheckIsListedNotJustTheFirst()
    {
        var failures = EnvChecker.Run<float[], int>(() => new CorridorEnv(faults: CorridorFault.NanReward | CorridorFault.ObservationOutsideSpace | CorridorFault.InvalidSpace));
        var names = failures.Select(f => f.Check).ToHashSet();
        Assert.Superset(
            new HashSet<string> { EnvCheckNames.SpacesValid, EnvCheckNames.StepRewardFinite, EnvCheckNames.StepObservationInSpace, EnvCheckNames.RandomStepsFinite, EnvCheckNames.ResetObservationInSpace },
            names);
        var ex = new EnvCheckException(failures);
        foreach (var name in names)
        {
            Assert.Contains($"[{name}]", ex.Message);
        }
    }

    [Fact]
    public void TimeLimitOfOneFailsTheFirstStepCheck()
    {
        var ex = Assert.Throws<EnvCheckException>(() =>
            EnvChecker.Check(() => new TimeLimit<float[], int>(new CorridorEnv(), 1)));
        Assert.Equal([EnvCheckNames.FirstStepNotTruncated], ex.FailedChecks);
    }

    [Fact]
    public void ThrowingFactoryIsReportedAsConstructionFailure()
    {
        var ex = Assert.Throws<EnvCheckException>(() =>
            EnvChecker.Check<float[], int>(() => throw new InvalidOperationException("boom")));
        Assert.Equal([EnvCheckNames.Construction], ex.FailedChecks);
        Assert.Contains("boom", ex.Message);
    }

    [Fact]
    public void CloseThatThrowsTheSecondTimeFailsTheCloseCheck()
    {
        var ex = Assert.Throws<EnvCheckException>(() =>
            EnvChecker.Check(() => new CloseOnceWrapper(new CorridorEnv())));
        Assert.Equal([EnvCheckNames.CloseIdempotent], ex.FailedChecks);
    }

    [Fact]
    public void CheckerClosesTheEnv()
    {
        CorridorEnv? env = null;
        EnvChecker.Check<float[], int>(() => env = new CorridorEnv());
        Assert.True(env!.IsClosed);
    }

    internal static IEnv<float[], int> Wrap(IEnv<float[], int> env, string stack) => stack switch
    {
        "bare" => env,
        "TimeLimit" => new TimeLimit<float[], int>(env, 5),
        "OrderEnforcing" => new OrderEnforcing<float[], int>(env),
        "RecordEpisodeStatistics" => new RecordEpisodeStatistics<float[], int>(env),
        "RecordEpisodes" => new RecordEpisodes<float[], int>(env, new ListEpisodeRecorder()),
        "all" => new RecordEpisodes<float[], int>(
            new RecordEpisodeStatistics<float[], int>(new OrderEnforcing<float[], int>(new TimeLimit<float[], int>(env, 4))),
            new ListEpisodeRecorder()),
        _ => throw new ArgumentOutOfRangeException(nameof(stack), stack, null),
    };

    private sealed class CloseOnceWrapper(IEnv<float[], int> env) : Wrapper<float[], int>(env)
    {
        private bool _closed;

        public override void Close()
        {
            if (_closed)
            {
                throw new InvalidOperationException("already closed");
            }

            _closed = true;
            Env.Close();
        }
    }
}
