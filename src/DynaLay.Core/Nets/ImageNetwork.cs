using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DynaLay.Nets;

/// <summary>
/// Stem (3x3 conv, BN, relu), three convolutional FPI blocks (32, 64, 128 channels; stride 2 into
/// blocks 2 and 3), global average pooling and a linear head.
/// </summary>
public sealed class ImageNetwork : MainNetwork
{
    private readonly Conv2d stemConv;
    private readonly BatchNorm2d stemNorm;
    private readonly ModuleList<ConvFpiBlock> blocks;
    private readonly Linear head;
    private readonly FpiLayer[] layerView;
    private readonly double stemFlops;
    private readonly double headFlops;

    public ImageNetwork(NetworkConfig config) : base("ImageNetwork", config)
    {
        int inChannels = (int)config.SampleShape[0];
        int h = (int)config.SampleShape[1], w = (int)config.SampleShape[2];
        int stemChannels = config.Channels[0];
        stemConv = Conv2d(inChannels, stemChannels, 3, padding: 1, bias: false);
        stemNorm = BatchNorm2d(stemChannels);
        stemFlops = 2.0 * inChannels * 9 * stemChannels * h * w + 4.0 * stemChannels * h * w;

        blocks = new ModuleList<ConvFpiBlock>();
        int c = stemChannels;
        int jump = 1;
        StraightReceptiveField = 3;
        for (int k = 0; k < config.Channels.Length; k++)
        {
            int stride = k == 0 ? 1 : 2;
            var block = new ConvFpiBlock($"block{k + 1}", c, config.Channels[k], stride, h, w, config.Contraction, config.Recurrence, 1 << k);
            StraightReceptiveField += 2 * jump;
            jump *= stride;
            blocks.Add(block);
            (c, h, w) = (block.OutChannels, block.OutHeight, block.OutWidth);
        }
        head = Linear(c, config.NumClasses);
        headFlops = (double)c * h * w + 2.0 * c * config.NumClasses;
        RegisterComponents();
        layerView = blocks.Cast<FpiLayer>().ToArray();
    }

    public override IReadOnlyList<FpiLayer> Layers => layerView;

    /// <summary>Side in pixels of the input window one output position sees in the straight pass (every convolution 3x3).</summary>
    public int StraightReceptiveField { get; }
    public override double StemFlops => stemFlops;
    public override double HeadFlops => headFlops;

    public override Tensor Stem(Tensor x)
    {
        using var c = Convolution.Conv2d(x, stemConv.weight!);
        using var n = stemNorm.call(c);
        return functional.relu(n);
    }

    public override Tensor Head(Tensor features)
    {
        using var pooled = Pool(features);
        return head.call(pooled);
    }

    /// <summary>Global average pooling, [B, C, H, W] to [B, C].</summary>
    public override Tensor Pool(Tensor activation) => activation.mean([2, 3]);

    public override Tensor Spread(Tensor activation) => activation.std([2, 3], unbiased: false);
}
