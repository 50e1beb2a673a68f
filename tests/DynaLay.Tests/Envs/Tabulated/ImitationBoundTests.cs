using DynaLay.Agents.Imitation;
using DynaLay.Envs.LayerSelection;
using DynaLay.Envs.Tabulated;
using DynaLay.Fpi;
using DynaLay.Tests.Envs.LayerSelection;
using static TorchSharp.torch;

namespace DynaLay.Tests.Envs.Tabulated;

public class ImitationBoundTests
{
    /// <summary>
    /// A table whose observation tells the clairvoyant action: samples whose straight max probability is below the
    /// median are answered right only once layer 3 is iterated, the others right at once. The classifier must learn
    /// "iterate layer 3 when unsure, then answer" and come close to the clairvoyant optimum.
    /// </summary>
    [Fact]
    public void TheBoundReachesTheClairvoyantWhereTheObservationTells()
    {
        var (data, network) = TinyWorld.Make("image");
        var split = data.Train;
        var table = ModeSetTableBuilder.Build(network, split, new FpiOptions(), "test", CPU, chunk: 32);
        int maxProbability = table.FeatureWidth - 2;
        var confidence = Enumerable.Range(0, table.Samples).Select(s => table.FeaturesOf(s, 0)[maxProbability]).ToArray();
        float median = confidence.Order().ElementAt(table.Samples / 2);
        for (int s = 0; s < table.Samples; s++)
            for (int set = 0; set < table.Sets; set++)
            {
                bool right = confidence[s] >= median || (set & 0b100) != 0;
                table.Predictions[table.Cell(s, set)] = (int)table.Labels[s] + (right ? 0 : 1);
            }

        var reward = new PaperReward(0.5, 0.01, 0.1);
        var options = new LayerSelectionOptions { BatchSize = 32, Reward = reward, Shuffle = false };
        using var train = new LayerSelectionEnv(new TableBackend(table, split), split, options);
        using var test = new LayerSelectionEnv(new TableBackend(table, split), split, options);
        var clairvoyant = TableAnalysis.Clairvoyant(table, reward);
        var nop = TableAnalysis.FixedSet(table, reward, [], "nop");
        Assert.True(clairvoyant.MeanReturn > nop.MeanReturn + 0.1);

        ImitationBound.Result Bound() => ImitationBound.Run(train, clairvoyant.Actions,
            (sample, set, step) => TableAnalysis.ActionValues(table, reward, sample, set, step), test, new ImitationBound.Options(Epochs: 200));
        var bound = Bound();
        Assert.True(bound.MeanReturn >= nop.MeanReturn + 0.9 * (clairvoyant.MeanReturn - nop.MeanReturn),
                    $"imitation {bound.MeanReturn:F4}, nop {nop.MeanReturn:F4}, clairvoyant {clairvoyant.MeanReturn:F4}");
        Assert.True(bound.MeanReturn <= clairvoyant.MeanReturn + 1e-12);
        Assert.Equal(bound.MeanReturn, Bound().MeanReturn);
    }

    [Fact]
    public void ActionValuesAreTheClairvoyantsReturns()
    {
        var (data, network) = TinyWorld.Make("image");
        var table = ModeSetTableBuilder.Build(network, data.Test, new FpiOptions(), "test", CPU, chunk: 16);
        var reward = new PaperReward(0.5, 0.3, 0.1);
        var clairvoyant = TableAnalysis.Clairvoyant(table, reward);
        for (int s = 0; s < table.Samples; s++)
        {
            var q = TableAnalysis.ActionValues(table, reward, s, 0, 0);
            Assert.Equal(clairvoyant.Returns[s], q.Max(), 12);
            Assert.Equal(q.Max(), q[clairvoyant.Actions[s][0]], 12);
        }
    }
}
