using DynaLay.Fpi;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DynaLay.Nets;

/// <summary>
/// Recurrent FPI layer over a sequence. u = LSTM(x) is the layer's straight output (the LSTM's hidden
/// states, computed once). FPI refines the whole state sequence Z as the equilibrium of
///   f(Z, u)_t = u_t + tanh(s * W~ z_{t-1}),   z_{-1} = 0,
/// a causal feedback of each position's refined state into the next. Every sweep of the iteration
/// carries refined context one more token to the right. W~ is divided by its spectral norm, the shift
/// by one position is non-expansive and tanh is 1-Lipschitz, so ||f(Z) - f(Z')|| &lt;= s ||Z - Z'||:
/// a contraction with factor s &lt; 1, whose unique fixed point f(0, u) = u starts from.
/// Padding stays exactly zero: the layer's input is zero at the padded positions (the embedding of the
/// padding id, or the layer below's output), u is zeroed there and so is every f(Z, u), so the positions
/// after the text neither enter the pooled features nor the solver's residual. Real positions never see
/// the padding after them: the LSTM and the feedback run forwards.
/// Bidirectional feedback reads both neighbours, f(Z, u)_t = u_t + tanh(s W~ [z_{t-1}; z_{t+1}] / sqrt 2) with W~ of
/// shape [H, 2H] at spectral norm 1: stacking two shifts at most doubles a squared norm, so the factor stays s. The
/// last token's next neighbour is a padded position, zero whatever the padding, so padding still changes nothing.
/// </summary>
public sealed class LstmFpiLayer : FpiLayer
{
    private readonly LSTM lstm;
    private readonly Parameter recurrent;
    private readonly Tensor power;
    private readonly double scale;
    private readonly bool bidirectional;
    private readonly double straightFlops;
    private readonly double iterationFlops;

    public LstmFpiLayer(string name, int inputSize, int hiddenSize, int sequenceLength, double scale, bool bidirectional = false) : base(name)
    {
        if (scale is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The contraction scale must be in (0, 1).");
        this.bidirectional = bidirectional;
        // Two stacked shifts of Z have at most sqrt 2 times its norm.
        this.scale = bidirectional ? scale / Math.Sqrt(2) : scale;
        int reads = bidirectional ? 2 * hiddenSize : hiddenSize;
        lstm = LSTM(inputSize, hiddenSize, numLayers: 1, batchFirst: true);
        recurrent = Parameter(empty(hiddenSize, reads));
        init.orthogonal_(recurrent);
        power = randn(reads);
        using (var n = power.norm()) power.div_(n);
        RegisterComponents();
        SpectralNorm.Step(power, Apply, Adjoint, steps: 30);

        // LSTM: four gates, each an input and a recurrent product, per token.
        straightFlops = sequenceLength * (2.0 * 4 * hiddenSize * (inputSize + hiddenSize) + 10.0 * hiddenSize);
        iterationFlops = sequenceLength * (2.0 * hiddenSize * reads + 3.0 * hiddenSize);
    }

    public override double StraightFlops => straightFlops;
    public override double IterationFlops => iterationFlops;

    public override Tensor Inject(Tensor x, int[] upstream)
    {
        var (output, h, c) = lstm.call(x);
        h.Dispose();
        c.Dispose();
        using (output)
        using (var mask = TextNetwork.TokenMask(x))
            return output * mask;
    }

    public override Tensor Straight(Tensor u) => u.alias();

    private Tensor Apply(Tensor v) => mv(recurrent, v);
    private Tensor Adjoint(Tensor v) => mv(recurrent.t(), v);

    public override void UpdateSpectralNorm() => SpectralNorm.Step(power, Apply, Adjoint);

    protected internal override IFixedPointMap PrepareMap()
    {
        if (training) UpdateSpectralNorm();
        using var sigma = SpectralNorm.Sigma(power, Apply);
        return new Map(recurrent * (scale / (sigma + 1e-12)), bidirectional);
    }

    private sealed class Map(Tensor weight, bool bidirectional) : IFixedPointMap, IDisposable
    {
        public Tensor Apply(Tensor z, Tensor u)
        {
            // z_{t-1}: shift right by one position along time, zero at t = 0.
            using var head = z.narrow(1, 0, z.shape[1] - 1);
            using var previous = functional.pad(head, [0, 0, 1, 0]);
            using var shifted = bidirectional ? Both(z, previous) : previous.alias();
            using var wz = functional.linear(shifted, weight);
            using var t = wz.tanh();
            using var sum = u + t;
            using var mask = TextNetwork.TokenMask(u);
            return sum * mask;
        }

        /// <summary>[z_{t-1}; z_{t+1}]: the next position by a shift left, zero after the last.</summary>
        private static Tensor Both(Tensor z, Tensor previous)
        {
            using var tail = z.narrow(1, 1, z.shape[1] - 1);
            using var next = functional.pad(tail, [0, 0, 0, 1]);
            return cat([previous, next], -1);
        }

        public void Dispose() => weight.Dispose();
    }
}
