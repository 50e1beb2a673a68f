using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DynaLay.Tests.Core.Nets;

/// <summary>Convolution must give libtorch's own bits: it only takes the path libtorch would have taken.</summary>
public class ConvolutionTests
{
    // (in channels, out channels, side, stride): the image network's convolutions of one sample that libtorch
    // computes by im2col + gemm (stem, block 3's injection, dense recurrences of blocks 2 and 3) and the largest
    // input it still computes that way (5 x 64 x 64 = 20,480 values). Above the line libtorch uses oneDNN, whose
    // input gradient is not even reproducible from one call to the next, and Convolution passes those through.
    public static TheoryData<int, int, int, int> Shapes => new()
    {
        { 3, 32, 32, 1 },
        { 64, 128, 16, 2 },
        { 64, 64, 16, 1 },
        { 128, 128, 8, 1 },
        { 5, 8, 64, 1 },
    };

    [Theory, MemberData(nameof(Shapes))]
    public void ForwardAndGradientsAreLibtorchsBitForBit(int inChannels, int outChannels, int side, int stride)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var weight = randn(outChannels, inChannels, 3, 3).requires_grad_(true);
        var input = randn(1, inChannels, side, side).requires_grad_(true);
        long outSide = (side - 1) / stride + 1;
        var upstream = randn(1, outChannels, outSide, outSide);
        Assert.True(Convolution.IsGemmPath(input, weight, 1));

        var expected = functional.conv2d(input, weight, strides: [stride, stride], padding: [1, 1]);
        expected.backward([upstream]);
        var (expectedWeightGrad, expectedInputGrad) = (weight.grad!.clone(), input.grad!.clone());
        weight.grad!.zero_();
        input.grad!.zero_();
        var actual = Convolution.Conv2d(input, weight, stride);
        actual.backward([upstream]);

        AssertSameBits(expected, actual);
        AssertSameBits(expectedWeightGrad, weight.grad!);
        AssertSameBits(expectedInputGrad, input.grad!);
        if (stride == 1 && inChannels == outChannels)
        {
            using var _ = no_grad();
            AssertSameBits(
                functional.conv_transpose2d(upstream, weight, padding: [1, 1]),
                Convolution.ConvTranspose2d(upstream, weight));
        }
    }

    [Fact]
    public void OnlyOneSampleOfAtMost20480ValuesInOneGroupTakesTheGemmPath()
    {
        using var scope = NewDisposeScope();
        var dense = zeros(64, 64, 3, 3);
        Assert.True(Convolution.IsGemmPath(zeros(1, 64, 16, 16), dense, 1));
        Assert.True(Convolution.IsGemmPath(zeros(1, 5, 64, 64), zeros(8, 5, 3, 3), 1));
        Assert.False(Convolution.IsGemmPath(zeros(1, 5, 65, 65), zeros(8, 5, 3, 3), 1));
        Assert.False(Convolution.IsGemmPath(zeros(2, 64, 16, 16), dense, 1));
        Assert.False(Convolution.IsGemmPath(zeros(1, 64, 16, 16), zeros(64, 1, 3, 3), 64));
        Assert.False(Convolution.IsGemmPath(zeros(1, 64, 16, 16, dtype: ScalarType.Float64), dense.to(ScalarType.Float64), 1));
    }

    private static void AssertSameBits(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var (e, a) = (expected.detach().contiguous().data<float>().ToArray(), actual.detach().contiguous().data<float>().ToArray());
        int differing = e.Zip(a).Count(p => BitConverter.SingleToInt32Bits(p.First) != BitConverter.SingleToInt32Bits(p.Second));
        Assert.True(differing == 0, $"{differing} of {e.Length} values differ from libtorch's");
    }
}
