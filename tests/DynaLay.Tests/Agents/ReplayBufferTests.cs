using DynaLay.Agents;

namespace DynaLay.Tests.Agents;

public class ReplayBufferTests
{
    /// <summary>
    /// A buffer whose stored floats times its capacity pass 2^31 (here 800 transitions of width 3,000 in a
    /// buffer of 1,000) writes and reads back whole: the state a resumed DQN run continues from.
    /// </summary>
    [Fact]
    public void ALargeBufferSurvivesItsStateFile()
    {
        const int width = 3000, batch = 800;
        var random = new Random(5);
        var observations = Enumerable.Range(0, batch * width).Select(_ => (float)random.NextDouble()).ToArray();
        var actions = Enumerable.Range(0, batch).Select(i => i % 4).ToArray();
        var rollout = new Rollout(batch, width);
        rollout.Steps.Add(new RolloutStep(observations, actions, actions.Select(a => 0.1 * a).ToArray(), Enumerable.Repeat(true, batch).ToArray(),
                                          new bool[batch], Enumerable.Repeat(true, batch).ToArray(), observations.Reverse().ToArray()));
        var saved = new ReplayBuffer(1000, width);
        saved.Add(RolloutData.From(rollout, 1.0, "test", 0));

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) saved.Write(writer);
        stream.Position = 0;
        var restored = new ReplayBuffer(1000, width);
        using (var reader = new BinaryReader(stream)) restored.Read(reader);

        Assert.Equal(batch, restored.Count);
        var (expected, got) = (saved.Sample(64, new Random(9)), restored.Sample(64, new Random(9)));
        Assert.Equal(expected.Obs, got.Obs);
        Assert.Equal(expected.Next, got.Next);
        Assert.Equal(expected.Actions, got.Actions);
        Assert.Equal(expected.Rewards, got.Rewards);
        Assert.Equal(expected.Done, got.Done);
    }
}
