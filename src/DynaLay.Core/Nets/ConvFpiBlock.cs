using DynaLay.Fpi;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DynaLay.Nets;

/// <summary>
/// Convolutional FPI block: u = BN(conv3x3_stride(x)) (statistics per upstream mode pattern, see <see cref="ModeBatchNorm"/>), f(z, u) = relu(u + s * W~ * z), where W~ is a
/// 3x3 convolution divided by its operator norm (power iteration on the convolution itself, not on the
/// reshaped kernel, because the reshaped matrix norm does not bound a convolution's gain). relu is
/// 1-Lipschitz, so f is a contraction with factor s &lt; 1. W is a dense or a depthwise 3x3 convolution, or
/// (separable) a 1x1 convolution over all channels followed by a depthwise 3x3 one, normalised as one operator.
/// </summary>
public sealed class ConvFpiBlock : FpiLayer
{
    private readonly Conv2d inject;
    private readonly ModeBatchNorm norm;
    private readonly Parameter recurrent;
    private readonly Parameter? pointwise;
    private readonly Tensor power;
    private readonly double scale;
    private readonly long groups;
    private readonly long stride;
    private readonly double straightFlops;
    private readonly double iterationFlops;

    /// <param name="upstreamPatterns">2^(FPI layers before this block): its normalisation keeps statistics per pattern.</param>
    public ConvFpiBlock(string name, int inChannels, int outChannels, int stride, int inHeight, int inWidth, double scale,
                        ConvRecurrence recurrence = ConvRecurrence.Dense, int upstreamPatterns = 1)
        : base(name)
    {
        if (scale is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The contraction scale must be in (0, 1).");
        this.scale = scale;
        this.stride = stride;
        inject = Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        norm = new ModeBatchNorm("norm", outChannels, upstreamPatterns);
        groups = recurrence == ConvRecurrence.Dense ? 1 : outChannels;
        recurrent = Parameter(empty(outChannels, outChannels / groups, 3, 3));
        init.kaiming_uniform_(recurrent, Math.Sqrt(5));
        if (recurrence == ConvRecurrence.Separable)
        {
            pointwise = Parameter(empty(outChannels, outChannels));
            init.kaiming_uniform_(pointwise, Math.Sqrt(5));
        }
        OutHeight = (inHeight + 2 - 3) / stride + 1;
        OutWidth = (inWidth + 2 - 3) / stride + 1;
        OutChannels = outChannels;
        power = randn(1, outChannels, OutHeight, OutWidth);
        using (var n = power.norm()) power.div_(n);
        RegisterComponents();
        // A good start: the estimate must be near the top singular vector before the first solve.
        SpectralNorm.Step(power, Apply, Adjoint, steps: 30);

        double outPixels = OutHeight * OutWidth;
        straightFlops = 2.0 * inChannels * 9 * outChannels * outPixels + 4.0 * outChannels * outPixels;
        iterationFlops = 2.0 * (outChannels / groups) * 9 * outChannels * outPixels + 2.0 * outChannels * outPixels
                         + (pointwise is null ? 0 : 2.0 * outChannels * outChannels * outPixels);
    }

    public int OutChannels { get; }
    public int OutHeight { get; }
    public int OutWidth { get; }
    public override double StraightFlops => straightFlops;
    public override double IterationFlops => iterationFlops;

    public override Tensor Inject(Tensor x, int[] upstream)
    {
        using var c = Convolution.Conv2d(x, inject.weight!, stride);
        return norm.call(c, upstream);
    }

    public override Tensor Straight(Tensor u) => functional.relu(u);

    private Tensor Apply(Tensor v) => Recur(v, pointwise, recurrent, groups);

    private Tensor Adjoint(Tensor v)
    {
        var back = Convolution.ConvTranspose2d(v, recurrent, groups);
        if (pointwise is null) return back;
        using (back) return MixChannels(back, pointwise.t());
    }

    /// <summary>W v: the optional 1x1 channel mix, then the 3x3 convolution.</summary>
    private static Tensor Recur(Tensor v, Tensor? mix, Tensor spatial, long groups)
    {
        if (mix is null) return Convolution.Conv2d(v, spatial, groups: groups);
        using var mixed = MixChannels(v, mix);
        return Convolution.Conv2d(mixed, spatial, groups: groups);
    }

    /// <summary>A 1x1 convolution as a matrix product over channels (libtorch's 1x1 path for one sample would ask about NNPACK).</summary>
    private static Tensor MixChannels(Tensor v, Tensor matrix)
    {
        using var flat = v.flatten(2);
        using var product = matrix.matmul(flat);
        return product.view(v.shape);
    }

    public override void UpdateSpectralNorm() => SpectralNorm.Step(power, Apply, Adjoint);

    protected internal override IFixedPointMap PrepareMap()
    {
        if (training) UpdateSpectralNorm();
        using var sigma = SpectralNorm.Sigma(power, Apply);
        return new Map(recurrent * (scale / (sigma + 1e-12)), pointwise?.alias(), groups);
    }

    private sealed class Map(Tensor weight, Tensor? mix, long groups) : IFixedPointMap, IDisposable
    {
        public Tensor Apply(Tensor z, Tensor u)
        {
            using var wz = Recur(z, mix, weight, groups);
            using var pre = u + wz;
            return functional.relu(pre);
        }

        public void Dispose()
        {
            weight.Dispose();
            mix?.Dispose();
        }
    }
}
