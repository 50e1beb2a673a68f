using DynaLay.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Data;

public class SyntheticDifficultyTests
{
    /// <summary>
    /// The point of the recorded difficulty: a network that sees no more than the image network's straight pass
    /// (four 3x3 convolutions, stride 2 into the last two, an 11 px receptive field, global average pooling) gets
    /// easy samples right, but on hard ones only the colour: their dots lie farther apart than its window, so their
    /// orientation is out of its reach.
    /// </summary>
    [Fact]
    public void HardSamplesAreOutOfReachOfAStraightPassExceptForTheirColour()
    {
        using var data = DatasetCatalog.Load(new DatasetOptions { SyntheticTrain = 3000, SyntheticTest = 600, Seed = 5 });
        manual_seed(5);
        using var net = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding: 1), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding: 1), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride: 2, padding: 1), nn.ReLU(),
            nn.Conv2d(64, 64, 3, stride: 2, padding: 1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
            nn.Flatten(), nn.Linear(64, 10));
        using var optimizer = optim.Adam(net.parameters(), 0.003);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            foreach (var batch in data.Train.Batches(64, shuffle: true, seed: epoch))
            {
                using (batch)
                using (NewDisposeScope())
                {
                    optimizer.zero_grad();
                    nn.functional.cross_entropy(net.forward(batch.Inputs), batch.Labels).backward();
                    optimizer.step();
                }
            }
        }

        var correct = new double[3];
        var colourRight = new double[3];
        var count = new double[3];
        using (no_grad())
        using (var batch = data.Test.Take([.. Enumerable.Range(0, data.Test.Count).Select(i => (long)i)]))
        using (var logits = net.forward(batch.Inputs))
        using (var predictions = logits.argmax(1))
        {
            var predicted = predictions.data<long>().ToArray();
            for (var i = 0; i < predicted.Length; i++)
            {
                var band = Math.Min(2, (int)(batch.Difficulty![i] * 3));
                count[band]++;
                correct[band] += predicted[i] == data.Test.Labels[i] ? 1 : 0;
                colourRight[band] += predicted[i] / 5 == data.Test.Labels[i] / 5 ? 1 : 0;
            }
        }

        var (easy, hard) = (correct[0] / count[0], correct[2] / count[2]);
        Assert.True(easy > 0.9, $"easy-third accuracy {easy:F2}");
        Assert.True(hard < 0.45, $"hard-third accuracy {hard:F2}: the orientation of hard samples should be out of a straight pass's reach");
        Assert.True(colourRight[2] / count[2] > 0.9, $"hard-third colour accuracy {colourRight[2] / count[2]:F2}");
    }

    /// <summary>Counting each class's keywords is the ideal reader here; difficulty must still cost it accuracy.</summary>
    [Fact]
    public void HardSyntheticTextIsHarderForAKeywordCounter()
    {
        const int length = 24;
        using var data = DatasetCatalog.Load(new DatasetOptions { Name = "synthetic-text", SyntheticTrain = 1500, MaxLength = length, Seed = 2 });
        var ids = data.Train.RawSamples.data<long>().ToArray();
        var classOfToken = data.Vocabulary!.Tokens
            .Select(t => Array.FindIndex(data.ClassNames.ToArray(), name => t.StartsWith(name, StringComparison.Ordinal)))
            .ToArray();

        var correct = new double[3];
        var count = new double[3];
        for (var i = 0; i < data.Train.Count; i++)
        {
            var votes = new int[data.NumClasses];
            foreach (var id in ids[(i * length)..((i + 1) * length)])
            {
                if (classOfToken[id] >= 0)
                {
                    votes[classOfToken[id]]++;
                }
            }

            var band = Math.Min(2, (int)(data.Train.Difficulty![i] * 3));
            count[band]++;
            correct[band] += Array.IndexOf(votes, votes.Max()) == data.Train.Labels[i] ? 1 : 0;
        }

        var (easy, hard) = (correct[0] / count[0], correct[2] / count[2]);
        Assert.True(easy > 0.95, $"easy-third accuracy {easy:F2}");
        Assert.True(hard < easy - 0.1, $"hard-third accuracy {hard:F2} vs easy {easy:F2}");
        Assert.True(hard > 0.4, $"hard-third accuracy {hard:F2}");
    }
}
