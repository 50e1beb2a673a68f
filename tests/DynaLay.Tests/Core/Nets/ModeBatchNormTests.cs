using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Nets;

public class ModeBatchNormTests
{
    [Fact]
    public void TrainingUpdatesOnlyTheRunningStatisticsOfItsPattern()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var norm = new ModeBatchNorm("norm", 3, 2);
        norm.train();
        var before = norm.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var x = randn(8, 3, 4, 4).mul(3).add(10);
        using var y = norm.call(x, Enumerable.Repeat(1, 8).ToArray());

        var after = norm.state_dict();
        Assert.True(after["running_mean"][0].equal(before["running_mean"][0]).all().item<bool>(), "pattern 0's mean moved");
        Assert.True(after["running_var"][0].equal(before["running_var"][0]).all().item<bool>(), "pattern 0's variance moved");
        // Momentum 0.1 from 0 towards a batch mean near 10.
        Assert.InRange(after["running_mean"][1].mean().item<float>(), 0.8f, 1.2f);
    }

    [Fact]
    public void AMixedBatchIsNormalisedGroupByGroup()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var mixed = new ModeBatchNorm("mixed", 3, 2);
        using var separate = new ModeBatchNorm("separate", 3, 2);
        mixed.train();
        separate.train();
        var a = randn(4, 3, 4, 4);
        var b = randn(4, 3, 4, 4).mul(5).add(7);
        var patterns = new[] { 0, 1, 0, 1, 0, 1, 0, 1 };
        var x = stack([a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3]]);

        var y = mixed.call(x, patterns);
        var ya = separate.call(a, new int[4]);
        var yb = separate.call(b, Enumerable.Repeat(1, 4).ToArray());

        var expected = stack([ya[0], yb[0], ya[1], yb[1], ya[2], yb[2], ya[3], yb[3]]);
        Assert.True(y.allclose(expected, rtol: 1e-5, atol: 1e-5));
        Assert.True(mixed.state_dict()["running_mean"].allclose(separate.state_dict()["running_mean"]));
    }

    [Fact]
    public void RejectsAPatternItHasNoStatisticsFor()
    {
        using var norm = new ModeBatchNorm("norm", 2, 2);
        using var x = zeros(2, 2, 1, 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => norm.call(x, [2, 2]));
        Assert.Contains("0..1", e.Message);
        Assert.Throws<ArgumentException>(() => norm.call(x, [0]));
    }

    [Fact]
    public void FpiBatchesLeaveTheStatisticsOfTheStraightPassUntouched()
    {
        // With one shared set of running statistics, training batches in FPI mode would move the statistics
        // the straight pass is evaluated with (blocks 2 and 3 see FPI outputs; block 1 sees only the stem).
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var network = MainNetwork.Create(new NetworkConfig { Channels = [4, 6, 8], SampleShape = [3, 8, 8], ContractionScale = 0.9 });
        var solver = new FpiOptions();
        network.train();
        using (no_grad())
            for (int i = 0; i < 3; i++)
                using (network.Forward(randn(6, 3, 8, 8), LayerModes.Model(3, 3), solver)) { }

        var state = network.state_dict();
        foreach (var block in new[] { "blocks.1", "blocks.2" })
        {
            var mean = state[$"{block}.norm.running_mean"];
            var variance = state[$"{block}.norm.running_var"];
            Assert.True(mean[0].equal(zeros_like(mean[0])).all().item<bool>(), $"{block}: the all-straight pattern's mean moved");
            Assert.True(variance[0].equal(ones_like(variance[0])).all().item<bool>(), $"{block}: the all-straight pattern's variance moved");
            Assert.False(mean[^1].equal(zeros_like(mean[0])).all().item<bool>(), $"{block}: the all-FPI pattern's mean did not move");
        }
        Assert.Equal(4, state["blocks.2.norm.running_mean"].shape[0]);
    }

    [Fact]
    public void CalibrationAveragesEveryBatchOfAPattern()
    {
        // Momentum 0.1 would leave the statistics between the start (0) and the data (10); calibration
        // averages the batches it sees, whatever their number.
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var norm = new ModeBatchNorm("norm", 2, 2);
        norm.train();
        norm.BeginCalibration();
        var batches = Enumerable.Range(0, 3).Select(i => randn(16, 2, 2, 2).add(10 + i)).ToArray();
        foreach (var b in batches) using (norm.call(b, Enumerable.Repeat(1, 16).ToArray())) { }
        norm.EndCalibration();

        var expected = cat(batches, 0).mean([0, 2, 3]);
        Assert.True(norm.state_dict()["running_mean"][1].allclose(expected, atol: 1e-4));
        Assert.True(norm.state_dict()["running_mean"][0].equal(zeros(2)).all().item<bool>());
    }

    [Fact]
    public void CalibrationGivesEveryPatternStatisticsAndLeavesTheRestAlone()
    {
        var (data, network) = DynaLay.Tests.Envs.LayerSelection.TinyWorld.Make("image");
        using var _ = data;
        using var __ = network;
        network.train();
        var weights = network.parameters().Select(p => p.clone()).ToArray();

        DynaLay.Training.BatchNormCalibration.Run(network, data.Train, batches: 2, batchSize: 16, new FpiOptions(), seed: 0, CPU);

        Assert.True(network.training, "calibration must restore the training flag");
        var state = network.state_dict();
        var mean = state["blocks.2.norm.running_mean"];
        for (int pattern = 0; pattern < 4; pattern++)
            Assert.False(mean[pattern].equal(zeros_like(mean[pattern])).all().item<bool>(), $"pattern {pattern} was not calibrated");
        foreach (var (before, after) in weights.Zip(network.parameters()))
            Assert.True(before.equal(after).all().item<bool>(), "calibration changed a weight");
    }
}
