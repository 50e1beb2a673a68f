using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Nets;

public class TextNetworkTests
{
    private static readonly FpiOptions Tight = new() { Tolerance = 1e-6, MaxIterations = 100 };

    private static TextNetwork Make(int length, TextFeedback feedback = TextFeedback.Causal)
    {
        manual_seed(3);
        var network = (TextNetwork)MainNetwork.Create(new NetworkConfig
        {
            Kind = NetworkKind.Text,
            NumClasses = 3,
            SampleShape = [length],
            VocabSize = 50,
            EmbeddingDim = 8,
            Hidden = 12,
            TextFeedback = feedback,
        });
        network.eval();
        return network;
    }

    /// <summary>Texts of 3, 7 and 10 tokens, padded with id 0 to <paramref name="length"/>.</summary>
    private static Tensor Texts(int length)
    {
        int[][] texts = [[5, 9, 2], [7, 7, 31, 4, 12, 1, 40], [3, 8, 13, 21, 34, 45, 6, 10, 16, 26]];
        var ids = new long[texts.Length * length];
        for (int i = 0; i < texts.Length; i++)
            for (int t = 0; t < texts[i].Length; t++) ids[i * length + t] = texts[i][t];
        return tensor(ids, [texts.Length, length]);
    }

    [Theory]
    [InlineData(false, TextFeedback.Causal)]
    [InlineData(true, TextFeedback.Causal)]
    [InlineData(true, TextFeedback.Bidirectional)]
    public void PaddingAfterATextChangesNothing(bool fpi, TextFeedback feedback)
    {
        using var scope = NewDisposeScope();
        using var network = Make(10, feedback);
        using var _ = no_grad();
        var modes = Enumerable.Repeat(fpi, network.NumLayers).ToArray();
        using var shortPad = network.Forward(Texts(10), modes, Tight);
        using var longPad = network.Forward(Texts(40), modes, Tight);

        using var gap = (shortPad.Logits - longPad.Logits).abs().max();
        Assert.True(gap.item<float>() < 1e-5, $"logits differ by {gap.item<float>()} with more padding");
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < network.NumLayers; k++)
                Assert.Equal(shortPad.Iterations[i, k], longPad.Iterations[i, k]);
    }

    [Theory]
    [InlineData(TextFeedback.Causal)]
    [InlineData(TextFeedback.Bidirectional)]
    public void EveryLayerIsZeroExactlyAtThePadding(TextFeedback feedback)
    {
        using var scope = NewDisposeScope();
        using var network = Make(12, feedback);
        using var _ = no_grad();
        using var x = Texts(12);
        using var padding = x.eq(0);
        var a = network.Stem(x);
        foreach (var layer in network.Layers)
        {
            var u = layer.Inject(a, new int[3]);
            using var solved = layer.Solve(u, layer.Straight(u), Tight);
            a = solved.Z.alias();
            using var zeroRows = a.eq(0).all(-1);
            Assert.True(zeroRows.equal(padding).all().item<bool>(), $"{layer.GetName()}: zero rows are not the padded positions");
        }
    }

    [Fact]
    public void PoolingAveragesATextsOwnTokens()
    {
        using var scope = NewDisposeScope();
        using var network = Make(4);
        // Sample 0 has two tokens (rows 1,2 and 3,4), sample 1 none.
        using var activation = tensor(new float[] { 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, [2, 4, 2]);
        using var pooled = network.Pool(activation);
        Assert.Equal(new float[] { 2, 3, 0, 0 }, pooled.data<float>().ToArray());
    }

    /// <summary>Bidirectional feedback lets a token's fixed point depend on the tokens after it; causal feedback cannot.</summary>
    [Theory]
    [InlineData(TextFeedback.Causal, false)]
    [InlineData(TextFeedback.Bidirectional, true)]
    public void OnlyBidirectionalFeedbackCarriesLaterTokensBack(TextFeedback feedback, bool expectChange)
    {
        using var scope = NewDisposeScope();
        using var network = Make(10, feedback);
        using var _ = no_grad();
        using var a = Texts(10);
        using var b = a.clone();
        b[2, 9] = tensor(44L); // the last token of the longest text
        var layer = network.Layers[0];
        using var ua = layer.Inject(network.Stem(a), new int[3]);
        using var ub = layer.Inject(network.Stem(b), new int[3]);
        using var za = layer.Solve(ua, layer.Straight(ua), Tight);
        using var zb = layer.Solve(ub, layer.Straight(ub), Tight);
        // Position 6 of that text: its straight output (a forward LSTM) cannot see token 9.
        using var straightGap = (ua[2, 6] - ub[2, 6]).abs().max();
        Assert.Equal(0f, straightGap.item<float>());
        using var gap = (za.Z[2, 6] - zb.Z[2, 6]).abs().max();
        Assert.Equal(expectChange, gap.item<float>() > 1e-9);
    }
}
