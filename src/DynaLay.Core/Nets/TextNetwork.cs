using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DynaLay.Nets;

/// <summary>
/// Embedding (id 0 is padding), three stacked recurrent FPI layers (an LSTM each, see
/// <see cref="LstmFpiLayer"/>), mean pooling over the sequence and a linear head.
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
            layers.Add(new LstmFpiLayer($"lstm{k + 1}", input, config.Hidden, length, config.Contraction));
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
        using var pooled = features.mean([1]);
        return head.call(pooled);
    }
}
