using DynaLay.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Data;

public class DataSplitTests
{
    private static Dataset Load() =>
        DatasetCatalog.Load(new DatasetOptions { SyntheticTrain = 23, SyntheticTest = 10, ValidationFraction = 0 });

    [Fact]
    public void BatchesCoverEverySampleOnceIncludingThePartialLastBatch()
    {
        using var data = Load();

        var batches = data.Train.Batches(10, shuffle: false, seed: 0).ToList();
        try
        {
            Assert.Equal([10, 10, 3], batches.Select(b => b.Size));
            Assert.Equal(Enumerable.Range(0, 23).Select(i => (long)i), batches.SelectMany(b => b.Indices));
            Assert.Equal(data.Train.Labels, batches.SelectMany(b => b.Labels.data<long>().ToArray()));
            Assert.Equal([3L, 3, 32, 32], batches[2].Inputs.shape);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public void ShuffleIsASeededPermutation()
    {
        using var data = Load();

        long[] Order(int seed) => [.. data.Train.Batches(4, shuffle: true, seed).SelectMany(b =>
        {
            using (b)
            {
                Assert.Equal(b.Indices.Select(i => data.Train.Labels[i]), b.Labels.data<long>().ToArray());
                return b.Indices;
            }
        })];

        Assert.Equal(Order(1), Order(1));
        Assert.NotEqual(Order(1), Order(2));
        Assert.Equal(Enumerable.Range(0, 23).Select(i => (long)i), Order(1).Order());
    }

    [Fact]
    public void TakeGathersTheRequestedSamplesInOrder()
    {
        using var data = Load();

        using var batch = data.Train.Take([7, 7, 0]);
        using var first = data.Train.Take([0]);

        Assert.Equal([7L, 7, 0], batch.Indices);
        Assert.Equal([3L, 3, 32, 32], batch.Inputs.shape);
        var values = batch.Inputs.data<float>().ToArray();
        Assert.Equal(values[..3072], values[3072..6144]);
        Assert.Equal(first.Inputs.data<float>().ToArray(), values[6144..]);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Train.Take([23]));
    }

    [Fact]
    public void SplitsOutliveTheDisposeScopeTheyWereLoadedIn()
    {
        Dataset data;
        using (NewDisposeScope())
        {
            data = Load();
        }

        using (data)
        using (var batch = data.Test.Take([1, 2]))
        {
            Assert.Equal(2, batch.Size);
            Assert.True(float.IsFinite(batch.Inputs.sum().item<float>()));
        }
    }

    [Fact]
    public void BatchTensorsFollowTheCallersDisposeScope()
    {
        using var data = Load();
        Tensor inputs;
        using (NewDisposeScope())
        {
            var batch = data.Test.Take([0]);
            inputs = batch.Inputs;
            Assert.False(inputs.IsInvalid);
        }

        Assert.True(inputs.IsInvalid);
    }

    [Fact]
    public void DisposingABatchInsideTheCallersScopeIsSafe()
    {
        using var data = Load();

        for (var step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            using var batch = data.Train.Take([step]);
            using var doubled = batch.Inputs.mul(2);
            Assert.Equal(batch.Inputs.shape, doubled.shape);
        }

        using var after = data.Train.Take([0]);
        Assert.Equal(1, after.Size);
    }

    [Fact]
    public void DeviceCpuIsAccepted()
    {
        using var data = Load();

        using var batch = data.Test.Take([0], CPU);

        Assert.Equal(DeviceType.CPU, batch.Inputs.device_type);
    }

    [Fact]
    public void ClassCountsAddUpToTheSplit()
    {
        using var data = Load();

        Assert.Equal(data.Train.Count, data.Train.ClassCounts(data.NumClasses).Sum());
    }
}
