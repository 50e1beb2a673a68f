using System.Globalization;
using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Envs.Gym;

public class SyncVectorEnvTests
{
    private const int Left = 0;
    private const int Right = 1;

    [Fact]
    public void DeclaresNextStepModeAndSingleSpaces()
    {
        using var vec = Make(3);
        Assert.Equal(AutoresetMode.NextStep, vec.AutoresetMode);
        Assert.Equal(3, vec.NumEnvs);
        Assert.Same(vec.Envs[0].ObservationSpace, vec.SingleObservationSpace);
        Assert.Same(vec.Envs[0].ActionSpace, vec.SingleActionSpace);
    }

    [Fact]
    public void NextStepAutoresetStepByStep()
    {
        var corridors = new[] { new CorridorEnv(length: 6, fixedStart: 4), new CorridorEnv(length: 6, fixedStart: 0) };
        using var vec = new SyncVectorEnv<float[], int>(corridors.Select(c => (Func<IEnv<float[], int>>)(() => c)));
        var (obs, infos) = vec.Reset(seed: 1);
        Assert.Equal([4f], obs[0]);
        Assert.Equal([0f], obs[1]);
        Assert.Equal(4, infos[0][CorridorEnv.ResetInfoKey]);

        // Step 1: env 0 reaches the goal; its final observation, reward and flag are returned as is.
        var s1 = vec.Step([Right, Right]);
        Assert.Equal([5f], s1.Observations[0]);
        Assert.Equal(1.0, s1.Rewards[0]);
        Assert.True(s1.Terminated[0]);
        Assert.False(s1.Truncated[0]);
        Assert.Equal([1f], s1.Observations[1]);
        Assert.Equal(-CorridorEnv.StepCost, s1.Rewards[1]);
        Assert.False(s1.Terminated[1]);
        Assert.Equal([true, false], vec.PendingAutoreset);

        // Step 2: env 0's action is ignored (99 would be rejected by the corridor), it is reset, and the entry is
        // the reset observation and info with reward 0 and both flags false. Env 1 steps as usual.
        var s2 = vec.Step([99, Right]);
        Assert.Equal([4f], s2.Observations[0]);
        Assert.Equal(0.0, s2.Rewards[0]);
        Assert.False(s2.Terminated[0]);
        Assert.False(s2.Truncated[0]);
        Assert.Equal(4, s2.Infos[0][CorridorEnv.ResetInfoKey]);
        Assert.Equal(1, corridors[0].StepCalls);
        Assert.Equal(2, corridors[0].ResetCalls);
        Assert.Equal([2f], s2.Observations[1]);
        Assert.Equal([false, false], vec.PendingAutoreset);

        // Step 3: env 0 acts again in its new episode.
        var s3 = vec.Step([Right, Right]);
        Assert.True(s3.Terminated[0]);
        Assert.Equal(2, corridors[0].StepCalls);
        Assert.Equal([3f], s3.Observations[1]);
    }

    [Fact]
    public void TruncatedSubEnvIsResetOnTheNextStep()
    {
        using var vec = new SyncVectorEnv<float[], int>(
            [() => new TimeLimit<float[], int>(new CorridorEnv(fixedStart: 2), 1)]);
        vec.Reset();
        var s1 = vec.Step([Left]);
        Assert.True(s1.Truncated[0]);
        Assert.Equal([1f], s1.Observations[0]);
        var s2 = vec.Step([Left]);
        Assert.False(s2.Truncated[0]);
        Assert.Equal(0.0, s2.Rewards[0]);
        Assert.Equal([2f], s2.Observations[0]);
        Assert.True(vec.Step([Left]).Truncated[0]);
    }

    [Fact]
    public void ResetClearsPendingAutoreset()
    {
        var corridor = new CorridorEnv(length: 6, fixedStart: 4);
        using var vec = new SyncVectorEnv<float[], int>([() => corridor]);
        vec.Reset();
        Assert.True(vec.Step([Right]).Terminated[0]);
        vec.Reset();
        Assert.False(vec.PendingAutoreset[0]);
        var s = vec.Step([Left]);
        Assert.Equal([3f], s.Observations[0]);
        Assert.Equal(-CorridorEnv.StepCost, s.Rewards[0]);
        Assert.Equal(2, corridor.StepCalls);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void SubEnvsGetDistinctSeedsDerivedFromTheOne(int seed)
    {
        using var vec = Make(4);
        vec.Reset(seed);
        var corridors = vec.Envs.Cast<CorridorEnv>().ToArray();
        var expected = Enumerable.Range(0, 4).Select(i => (int?)unchecked(seed + i)).ToArray();
        Assert.Equal(expected, corridors.Select(c => c.NpRandomSeed));

        var streams = corridors.Select(c => string.Join(",", Enumerable.Range(0, 4).Select(_ => c.NpRandom.NextInt64()))).ToArray();
        Assert.Equal(streams.Length, streams.Distinct().Count());
    }

    [Fact]
    public void UnseededResetLeavesSubEnvRngsAlone()
    {
        using var vec = Make(2);
        vec.Reset(seed: 5);
        var rngs = vec.Envs.Select(e => e.NpRandom).ToArray();
        vec.Reset();
        Assert.Equal(rngs, vec.Envs.Select(e => e.NpRandom));
        Assert.Equal([5, 6], vec.Envs.Cast<CorridorEnv>().Select(c => c.NpRandomSeed));
    }

    [Fact]
    public void SameSeedGivesIdenticalRolloutsAndAnotherSeedDoesNot()
    {
        var a = Rollout(seed: 5);
        Assert.Equal(a, Rollout(seed: 5));
        Assert.NotEqual(a, Rollout(seed: 6));
    }

    [Fact]
    public void StepBeforeResetAndWrongActionCountAreRejected()
    {
        using var vec = Make(2);
        var ex = Assert.Throws<InvalidOperationException>(() => vec.Step([Left, Left]));
        Assert.Contains("call Reset before Step", ex.Message);
        vec.Reset();
        Assert.Throws<ArgumentException>(() => vec.Step([Left]));
    }

    [Fact]
    public void CloseIsIdempotentAndClosesSubEnvs()
    {
        var vec = Make(3);
        vec.Reset();
        vec.Close();
        vec.Close();
        vec.Dispose();
        Assert.All(vec.Envs.Cast<CorridorEnv>(), c => Assert.True(c.IsClosed));
        Assert.Throws<ObjectDisposedException>(() => vec.Step([Left, Left, Left]));
    }

    [Fact]
    public void FailingFactoryClosesTheEnvsAlreadyBuilt()
    {
        var built = new CorridorEnv();
        Assert.Throws<InvalidOperationException>(() => new SyncVectorEnv<float[], int>(
            [() => built, () => throw new InvalidOperationException("no env")]));
        Assert.True(built.IsClosed);
    }

    private static SyncVectorEnv<float[], int> Make(int n) =>
        new(Enumerable.Range(0, n).Select(_ => (Func<IEnv<float[], int>>)(() => new CorridorEnv())));

    private static List<string> Rollout(int seed)
    {
        using var vec = new SyncVectorEnv<float[], int>(
            Enumerable.Range(0, 4).Select(_ => (Func<IEnv<float[], int>>)(() => new TimeLimit<float[], int>(new CorridorEnv(), 7))));
        var actions = new Discrete(2);
        actions.Seed(seed);
        var log = new List<string>();
        var (obs, _) = vec.Reset(seed);
        log.Add(string.Join(";", obs.Select(o => o[0].ToString(CultureInfo.InvariantCulture))));
        for (var t = 0; t < 40; t++)
        {
            var s = vec.Step(Enumerable.Range(0, vec.NumEnvs).Select(_ => actions.Sample()).ToArray());
            for (var i = 0; i < vec.NumEnvs; i++)
            {
                log.Add(FormattableString.Invariant($"{t}/{i}: {s.Observations[i][0]} {s.Rewards[i]} {s.Terminated[i]} {s.Truncated[i]}"));
            }
        }

        return log;
    }
}
