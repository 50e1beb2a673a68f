using DynaLay.Data;
using DynaLay.Training;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Training;

public class ClassWeightTests
{
    [Fact]
    public void BalancedWeightsGiveEveryClassTheSameTotalWeight()
    {
        using var scope = NewDisposeScope();
        // 6 samples of class 0, 2 of class 1, none of class 2.
        long[] labels = [0, 0, 1, 0, 0, 1, 0, 0];
        using var split = new DataSplit("train", zeros(labels.Length, 4, dtype: ScalarType.Int64), labels, null, null, 0);
        using var weights = Pretrainer.BalancedWeights(split, 3, CPU);
        var w = weights.data<float>().ToArray();

        // Each class present weighs N / classes in all, whatever its count; an absent one weighs nothing.
        Assert.Equal(8f / 3, 6 * w[0], 5);
        Assert.Equal(8f / 3, 2 * w[1], 5);
        Assert.Equal(0f, w[2]);
    }
}
