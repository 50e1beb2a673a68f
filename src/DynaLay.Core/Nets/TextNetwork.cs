using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DynaLay.Nets;

/// <summary>
/// Embedding (id 0 is padding), three stacked recurrent FPI layers (an LSTM each, see
/// <see cref="LstmFpiLayer"/>), mean pooling over the text's tokens and a linear head. Every activation
/// is exactly zero at the padded positions after a text and nowhere else (the padding id's embedding is
/// zero and each layer zeroes its output there), so the activations themselves say where a text ends.
/// </summary>
public sealed class TextNetwork : MainNetwork
{
    private readonly Embedding embedding;
    private readonly ModuleList<LstmFpiLayer> layers;
    private readonly Linear head;
    private readonly FpiLayer[] layerView;
    private readonly double headFlops;

    public TextNetwork(NetworkConfig config) : base("TextNetwork", config)
    {
        int length = (int)config.SampleShape[0];
        embedding = Embedding(config.VocabSize, config.EmbeddingDim, padding_idx: 0);
        layers = new ModuleList<LstmFpiLayer>();
        int input = config.EmbeddingDim;
        for (int k = 0; k < config.TextLayers; k++)
        {
            layers.Add(new LstmFpiLayer($"lstm{k + 1}", input, config.Hidden, length, config.Contraction, config.TextFeedback == TextFeedback.Bidirectional));
            input = config.Hidden;
        }
        head = Linear(config.Hidden, config.NumClasses);
        headFlops = (double)length * config.Hidden + 2.0 * config.Hidden * config.NumClasses;
        RegisterComponents();
        layerView = layers.Cast<FpiLayer>().ToArray();
    }

    public override IReadOnlyList<FpiLayer> Layers => layerView;
    public override double StemFlops => 0;
    public override double HeadFlops => headFlops;

    public override Tensor Stem(Tensor x) => embedding.call(x);

    public override Tensor Head(Tensor features)
    {
        using var pooled = Pool(features);
        return head.call(pooled);
    }

    /// <summary>The mean over a text's own tokens, [B, T, H] to [B, H]; padding is left out.</summary>
    public override Tensor Pool(Tensor activation)
    {
        using var mask = TokenMask(activation);
        using var tokens = mask.sum([1], type: activation.dtype);
        using var count = tokens.clamp_min(1);
        using var total = activation.sum([1]);
        return total / count;
    }

    /// <summary>The standard deviation over a text's own tokens, [B, T, H] to [B, H]; padding is left out.</summary>
    public override Tensor Spread(Tensor activation)
    {
        using var mask = TokenMask(activation);
        using var count = mask.sum([1], type: activation.dtype).clamp_min(1);
        using var mean = activation.sum([1]) / count;
        using var centred = (activation - mean.unsqueeze(1)) * mask;
        using var variance = centred.square().sum([1]) / count;
        return variance.sqrt();
    }

    /// <summary>[B, T, 1]: true where a position holds a token, i.e. where the activation is not all zero.</summary>
    public static Tensor TokenMask(Tensor activation) => activation.ne(0).any(-1, keepdim: true);
}
