using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DynaLay.Nets;

/// <summary>
/// Batch normalisation with one set of running statistics per pattern of upstream modes. A layer's input
/// depends on which earlier layers iterated: an FPI output is larger than a straight one (up to 1/(1 - s)
/// times). One shared set of running statistics averages the patterns, so at evaluation every mode is
/// normalised with statistics that are partly another mode's, which cost the straight pass accuracy and made
/// FPI look better than it is (README, "Batch norm per mode pattern"). Affine weights stay shared; each
/// pattern's samples are normalised with their own batch statistics in training and their own running
/// statistics at evaluation, so training and evaluation agree for mixed batches too.
/// </summary>
public sealed class ModeBatchNorm : nn.Module<Tensor, int[], Tensor>
{
    private const double Momentum = 0.1;
    private const double Eps = 1e-5;

    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor runningMean;
    private readonly Tensor runningVar;

    /// <param name="patterns">How many upstream mode patterns there are: 2^(number of FPI layers before this one).</param>
    public ModeBatchNorm(string name, int channels, int patterns) : base(name)
    {
        if (patterns < 1) throw new ArgumentOutOfRangeException(nameof(patterns), patterns, "At least one pattern.");
        Patterns = patterns;
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        runningMean = zeros(patterns, channels);
        runningVar = ones(patterns, channels);
        register_parameter("weight", weight);
        register_parameter("bias", bias);
        register_buffer("running_mean", runningMean);
        register_buffer("running_var", runningVar);
    }

    public int Patterns { get; }

    private int[]? calibrationCounts;

    /// <summary>
    /// Until <see cref="EndCalibration"/>, training-mode batches replace the running statistics by the plain
    /// average of every batch seen per pattern (PreciseBN, Wu &amp; Johnson 2021) instead of moving them by 0.1:
    /// patterns that training visited rarely get statistics as good as the frequent ones.
    /// </summary>
    public void BeginCalibration() => calibrationCounts = new int[Patterns];

    public void EndCalibration() => calibrationCounts = null;

    /// <param name="x">[N, C, H, W].</param>
    /// <param name="upstream">Per sample, the bit mask of the earlier layers that ran in FPI mode (bit j = layer j + 1).</param>
    public override Tensor forward(Tensor x, int[] upstream)
    {
        if (upstream.Length != x.shape[0])
            throw new ArgumentException($"{upstream.Length} upstream patterns for a batch of {x.shape[0]}.");
        int first = upstream.Length == 0 ? 0 : upstream[0];
        if (upstream.All(p => p == first)) return Normalize(x, first);

        // Mixed patterns (the environment's recomputation, joint training): normalise each group by itself.
        var output = empty_like(x);
        foreach (var group in upstream.Select((p, i) => (p, i)).GroupBy(t => t.p))
        {
            using var idx = tensor(group.Select(t => (long)t.i).ToArray(), device: x.device);
            using var part = x.index_select(0, idx);
            using var normalized = Normalize(part, group.Key);
            output.index_copy_(0, idx, normalized);
        }
        return output;
    }

    private Tensor Normalize(Tensor x, int pattern)
    {
        if (pattern < 0 || pattern >= Patterns)
            throw new ArgumentOutOfRangeException(nameof(pattern), pattern, $"Upstream pattern must be 0..{Patterns - 1}.");
        // A row of a contiguous [P, C] buffer is a contiguous view: batch_norm's in-place update of the
        // running statistics lands in the buffer.
        using var mean = runningMean[pattern];
        using var variance = runningVar[pattern];
        bool useBatch = training && x.shape[0] > 1;
        double momentum = useBatch && calibrationCounts is { } counts ? 1.0 / ++counts[pattern] : Momentum;
        return nn.functional.batch_norm(x, mean, variance, weight, bias, useBatch, momentum, Eps);
    }
}
