using DynaLay.Agents;

namespace DynaLay.Tests.Agents;

public class RolloutDataTests
{
    [Fact]
    public void TheBudgetEndsAnEpisodeLikeANopAndRewardToGoSumsTheRest()
    {
        // Episode 0: two steps, terminated by NOP. Episode 1: one step, then truncated at the second.
        var rollout = new Rollout(2, 1);
        rollout.Steps.Add(new RolloutStep([0f, 10f], [1, 2], [-0.1, -0.2], [false, false], [false, false], [true, true], [1f, 11f]));
        rollout.Steps.Add(new RolloutStep([1f, 11f], [0, 3], [0.5, -0.3], [true, false], [false, true], [true, true], [2f, 12f]));

        var data = RolloutData.From(rollout, gamma: 1.0, "test", 0);

        Assert.Equal(4, data.Count);
        Assert.Equal([false, false, true, true], data.Final);
        Assert.Equal([0, 1, 0, 1], data.Episode);
        Assert.Equal([1L, 2L, 0L, 3L], data.Actions);
        Assert.Equal(0.4f, data.RewardToGo[0], 5);
        Assert.Equal(-0.5f, data.RewardToGo[1], 5);
        Assert.Equal(0.5f, data.RewardToGo[2], 5);
        Assert.Equal([1f, 11f, 2f, 12f], data.NextObservations);
    }

    [Fact]
    public void InactiveEpisodesAreSkipped()
    {
        var rollout = new Rollout(2, 1);
        rollout.Steps.Add(new RolloutStep([0f, 0f], [0, 1], [1, 0], [true, false], [false, false], [true, true], [0f, 0f]));
        rollout.Steps.Add(new RolloutStep([0f, 0f], [-1, 0], [0, 2], [true, true], [false, false], [false, true], [0f, 0f]));
        var data = RolloutData.From(rollout, 0.5, "test", 0);
        Assert.Equal(3, data.Count);
        Assert.Equal([1f, 1f, 2f], data.RewardToGo);
    }
}
