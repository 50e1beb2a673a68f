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
/// (separable) a 1x1 convolution over all channels followed by a depthwise 3x3 one, normalised as one operator,
/// or (block) two separable operators with a relu between, each normalised: W~ z = W2~ relu(W1~ z), whose gain is
/// at most 1 because each factor's is, so f(z, u) = relu(u + s W2~ relu(W1~ z)) contracts with factor s too.
/// </summary>
public sealed class ConvFpiBlock : FpiLayer
{
    private readonly Conv2d inject;
    private readonly ModeBatchNorm norm;
    private readonly Parameter recurrent;
    private readonly Parameter? pointwise;
    private readonly Tensor power;
    // The block's second operator W2 (separable, like the first).
    private readonly Parameter? recurrent2;
    private readonly Parameter? pointwise2;
    private readonly Tensor? power2;
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
        if (recurrence is ConvRecurrence.Separable or ConvRecurrence.Block)
        {
            pointwise = Parameter(empty(outChannels, outChannels));
            init.kaiming_uniform_(pointwise, Math.Sqrt(5));
        }
        OutHeight = (inHeight + 2 - 3) / stride + 1;
        OutWidth = (inWidth + 2 - 3) / stride + 1;
        OutChannels = outChannels;
        power = UnitVector(outChannels);
        if (recurrence == ConvRecurrence.Block)
        {
            recurrent2 = Parameter(empty(outChannels, 1, 3, 3));
            init.kaiming_uniform_(recurrent2, Math.Sqrt(5));
            pointwise2 = Parameter(empty(outChannels, outChannels));
            init.kaiming_uniform_(pointwise2, Math.Sqrt(5));
            power2 = UnitVector(outChannels);
        }
        RegisterComponents();
        // A good start: the estimate must be near the top singular vector before the first solve.
        SpectralNorm.Step(power, Apply, Adjoint, steps: 30);
        if (power2 is not null) SpectralNorm.Step(power2, Apply2, Adjoint2, steps: 30);

        double outPixels = OutHeight * OutWidth;
        straightFlops = 2.0 * inChannels * 9 * outChannels * outPixels + 4.0 * outChannels * outPixels;
        iterationFlops = 2.0 * (outChannels / groups) * 9 * outChannels * outPixels + 2.0 * outChannels * outPixels
                         + (pointwise is null ? 0 : 2.0 * outChannels * outChannels * outPixels)
                         + (pointwise2 is null ? 0 : 2.0 * outChannels * outChannels * outPixels + 2.0 * 9 * outChannels * outPixels + outChannels * outPixels);
    }

    private Tensor UnitVector(int channels)
    {
        var v = randn(1, channels, OutHeight, OutWidth);
        using var n = v.norm();
        return v.div_(n);
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

    private Tensor Adjoint(Tensor v) => Transpose(v, pointwise, recurrent, groups);

    private Tensor Apply2(Tensor v) => Recur(v, pointwise2, recurrent2!, OutChannels);

    private Tensor Adjoint2(Tensor v) => Transpose(v, pointwise2, recurrent2!, OutChannels);

    /// <summary>W^T v: the 3x3 convolution's transpose, then the channel mix's.</summary>
    private static Tensor Transpose(Tensor v, Tensor? mix, Tensor spatial, long groups)
    {
        var back = Convolution.ConvTranspose2d(v, spatial, groups);
        if (mix is null) return back;
        using (back) return MixChannels(back, mix.t());
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

    public override void UpdateSpectralNorm()
    {
        SpectralNorm.Step(power, Apply, Adjoint);
        if (power2 is not null) SpectralNorm.Step(power2, Apply2, Adjoint2);
    }

    protected internal override IFixedPointMap PrepareMap()
    {
        if (training) UpdateSpectralNorm();
        using var sigma = SpectralNorm.Sigma(power, Apply);
        if (power2 is null) return new Map(recurrent * (scale / (sigma + 1e-12)), pointwise?.alias(), groups);
        using var sigma2 = SpectralNorm.Sigma(power2, Apply2);
        return new Map(recurrent * (1.0 / (sigma + 1e-12)), pointwise!.alias(), groups,
                       recurrent2! * (scale / (sigma2 + 1e-12)), pointwise2!.alias());
    }

    /// <summary>f(z, u) = relu(u + W z) with W = s W~ already scaled; for a block W z = W2 relu(W1 z).</summary>
    private sealed class Map(Tensor weight, Tensor? mix, long groups, Tensor? weight2 = null, Tensor? mix2 = null) : IFixedPointMap, IDisposable
    {
        public Tensor Apply(Tensor z, Tensor u)
        {
            using var wz = Recur(z, mix, weight, groups);
            if (weight2 is null)
            {
                using var pre = u + wz;
                return functional.relu(pre);
            }
            using var hidden = functional.relu(wz);
            using var w2z = Recur(hidden, mix2, weight2, weight2.shape[0]);
            using var pre2 = u + w2z;
            return functional.relu(pre2);
        }

        public void Dispose()
        {
            weight.Dispose();
            mix?.Dispose();
            weight2?.Dispose();
            mix2?.Dispose();
        }
    }
}
