using DynaLay.Data;
using DynaLay.Nets;
using DynaLay.Runs;

namespace DynaLay.Tests.Core.Data;

public class SyntheticTests
{
    private static readonly DatasetOptions Small = new() { SyntheticTrain = 400, SyntheticTest = 100 };

    [Fact]
    public void ImagesHaveTheDocumentedShape()
    {
        using var data = DatasetCatalog.Load(Small);

        Assert.Equal("synthetic", data.Name);
        Assert.Equal(Modality.Image, data.Modality);
        Assert.Equal(10, data.NumClasses);
        Assert.Equal([3L, 32, 32], data.SampleShape);
        Assert.Equal((360, 40, 100), (data.Train.Count, data.Validation.Count, data.Test.Count));
        Assert.All(data.Train.Labels, l => Assert.InRange(l, 0, 9));
        Assert.Equal(10, data.Train.Labels.Distinct().Count());
    }

    [Fact]
    public void SameSeedGivesIdenticalDataAndAnotherSeedDifferentData()
    {
        using var a = DatasetCatalog.Load(Small);
        using var b = DatasetCatalog.Load(Small);
        using var c = DatasetCatalog.Load(Small with { Seed = 1 });

        foreach (var (x, y) in new[] { (a.Train, b.Train), (a.Validation, b.Validation), (a.Test, b.Test) })
        {
            Assert.Equal(x.RawSamples.data<byte>().ToArray(), y.RawSamples.data<byte>().ToArray());
            Assert.Equal(x.Labels, y.Labels);
            Assert.Equal(x.Difficulty, y.Difficulty);
        }

        Assert.NotEqual(a.Train.RawSamples.data<byte>().ToArray(), c.Train.RawSamples.data<byte>().ToArray());
        Assert.NotEqual(a.Train.Difficulty, c.Train.Difficulty);
        Assert.NotEqual(a.Train.RawSamples.data<byte>().ToArray()[..3072], a.Test.RawSamples.data<byte>().ToArray()[..3072]);
    }

    [Fact]
    public void DifficultyIsRecordedAndSpreadOverZeroToOne()
    {
        using var data = DatasetCatalog.Load(Small);

        foreach (var split in data.Splits)
        {
            Assert.NotNull(split.Difficulty);
            Assert.Equal(split.Count, split.Difficulty!.Length);
            Assert.All(split.Difficulty, d => Assert.InRange(d, 0f, 1f));
        }

        var train = data.Train.Difficulty!;
        Assert.True(train.Min() < 0.05 && train.Max() > 0.95);
        Assert.InRange(train.Count(d => d < 0.5), 120, 240);
    }

    [Fact]
    public void HardSamplesSpreadTheirDotsBeyondTheStraightReceptiveField()
    {
        using var data = DatasetCatalog.Load(Small);
        using var network = (ImageNetwork)MainNetwork.Create(MainRun.NetworkFor(data));
        var receptiveField = network.StraightReceptiveField;

        // No window of the straight pass holds the centres of two neighbouring dots of the hardest samples; the easiest merge into lines.
        Assert.True(SyntheticImages.DotSpacing(1) > receptiveField, $"{SyntheticImages.DotSpacing(1)}");
        Assert.True(SyntheticImages.DotSpacing(0) < SyntheticImages.DotWidth, $"{SyntheticImages.DotSpacing(0)}");
    }

    [Fact]
    public void BatchesCarryTheDifficultyOfTheirSamples()
    {
        using var data = DatasetCatalog.Load(Small);

        using var batch = data.Test.Take([5, 2, 99]);

        Assert.Equal([5L, 2, 99], batch.Indices);
        Assert.Equal(new[] { 5, 2, 99 }.Select(i => data.Test.Difficulty![i]), batch.Difficulty!);
        Assert.Equal(new[] { 5, 2, 99 }.Select(i => data.Test.Labels[i]), batch.Labels.data<long>().ToArray());
        Assert.Equal([3L, 3, 32, 32], batch.Inputs.shape);
    }

    [Fact]
    public void LimitCapsTheGeneratedSplits()
    {
        using var data = DatasetCatalog.Load(Small with { Limit = 50 });

        Assert.Equal((45, 5, 50), (data.Train.Count, data.Validation.Count, data.Test.Count));
    }

    [Fact]
    public void SyntheticTextIsSeededAndRecordsDifficulty()
    {
        var options = new DatasetOptions { Name = "synthetic-text", SyntheticTrain = 300, SyntheticTest = 50, MaxLength = 32 };

        using var a = DatasetCatalog.Load(options);
        using var b = DatasetCatalog.Load(options);
        using var c = DatasetCatalog.Load(options with { Seed = 9 });

        Assert.Equal(Modality.Text, a.Modality);
        Assert.Equal(4, a.NumClasses);
        Assert.Equal([32L], a.SampleShape);
        Assert.Equal(a.Vocabulary!.Count, a.VocabSize);
        Assert.InRange(a.VocabSize, 100, 200);
        Assert.Equal(a.Train.RawSamples.data<long>().ToArray(), b.Train.RawSamples.data<long>().ToArray());
        Assert.Equal(a.Vocabulary.Tokens, b.Vocabulary!.Tokens);
        Assert.NotEqual(a.Train.RawSamples.data<long>().ToArray(), c.Train.RawSamples.data<long>().ToArray());
        Assert.All(a.Train.Difficulty!, d => Assert.InRange(d, 0f, 1f));
        Assert.All(a.Test.Labels, l => Assert.InRange(l, 0, 3));
        // Every document has at least half of MaxLength tokens.
        Assert.True(a.Test.RawSamples[.., 15].ne(Vocabulary.PadId).all().item<bool>());
    }

    [Fact]
    public void EasySyntheticTextIsMostlyItsOwnClassKeywords()
    {
        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "synthetic-text", SyntheticTrain = 400, MaxLength = 40 });
        var ids = data.Train.RawSamples.data<long>().ToArray();
        var tokens = data.Vocabulary!.Tokens;
        var names = data.ClassNames;

        double OwnShare(Func<float, bool> band)
        {
            long own = 0, all = 0;
            for (var i = 0; i < data.Train.Count; i++)
            {
                if (!band(data.Train.Difficulty![i]))
                {
                    continue;
                }

                foreach (var id in ids[(i * 40)..((i + 1) * 40)].Where(id => id != Vocabulary.PadId))
                {
                    all++;
                    own += tokens[(int)id].StartsWith(names[(int)data.Train.Labels[i]], StringComparison.Ordinal) ? 1 : 0;
                }
            }

            return (double)own / all;
        }

        Assert.InRange(OwnShare(d => d < 0.1), 0.85, 1.0);
        Assert.InRange(OwnShare(d => d > 0.9), 0.05, 0.3);
    }
}
