using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DynaLay.Nets;

/// <summary>
/// The image network's 3x3 convolutions (no bias, no dilation), computed without asking libtorch about NNPACK.
/// <para>
/// libtorch 2.10 (ConvParams::use_mkldnn in aten/src/ATen/native/Convolution.cpp) hands a float CPU
/// convolution to oneDNN unless it has one sample, one group, a kernel of at most 3 in some dimension and
/// at most 20,480 input values. Such a convolution (the power-iteration vector of a dense block, the last
/// unconverged sample of a solve, a batch of one) it computes by im2col and one gemm, but only after asking
/// whether NNPACK is available; where NNPACK does not support the CPU, that question logs "Could not
/// initialize NNPACK! Reason: Unsupported hardware." on every call. TorchSharp 0.107 cannot switch NNPACK
/// off (no binding for torch.backends.nnpack). For exactly those convolutions this class does the im2col
/// (unfold / fold) and the gemm (matmul) itself: the same operations in the same order, so the same bits
/// forward and backward (tests/DynaLay.Tests/Nets/ConvolutionTests.cs), and no question. Everything else
/// goes to libtorch's convolution as before.
/// </para>
/// </summary>
internal static class Convolution
{
    /// <summary>Above this many input values libtorch uses oneDNN even for one sample.</summary>
    internal const long OneDnnMinimumInput = 20480;

    /// <summary>functional.conv2d(input, weight, stride, padding 1, groups) with a 3x3 kernel.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, long stride = 1, long groups = 1)
    {
        if (!IsGemmPath(input, weight, groups))
            return functional.conv2d(input, weight, strides: [stride, stride], padding: [1, 1], groups: groups);

        long outChannels = weight.shape[0];
        long outHeight = (input.shape[2] - 1) / stride + 1;
        long outWidth = (input.shape[3] - 1) / stride + 1;
        using var columns = functional.unfold(input, (3, 3), padding: (1, 1), stride: (stride, stride));
        using var sample = columns[0];
        using var matrix = weight.reshape(outChannels, -1);
        using var product = matrix.matmul(sample);
        return product.view(1, outChannels, outHeight, outWidth);
    }

    /// <summary>functional.conv_transpose2d(input, weight, stride 1, padding 1, groups) with a 3x3 kernel: the adjoint of <see cref="Conv2d"/> at stride 1.</summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, long groups = 1)
    {
        if (!IsGemmPath(input, weight, groups))
            return functional.conv_transpose2d(input, weight, padding: [1, 1], groups: groups);

        long inChannels = weight.shape[0];
        using var matrix = weight.reshape(inChannels, -1);
        using var transposed = matrix.t();
        using var sample = input[0];
        using var flat = sample.view(inChannels, -1);
        using var columns = transposed.matmul(flat);
        using var batched = columns.unsqueeze(0);
        return functional.fold(batched, (input.shape[2], input.shape[3]), (3, 3), padding: (1, 1));
    }

    /// <summary>Whether libtorch would compute this 3x3 convolution by im2col + gemm (and ask about NNPACK first).</summary>
    internal static bool IsGemmPath(Tensor input, Tensor weight, long groups) =>
        input.device_type == DeviceType.CPU
        && input.dtype == ScalarType.Float32
        && input.dim() == 4
        && input.shape[0] == 1
        && groups == 1
        && weight.shape[2] == 3 && weight.shape[3] == 3
        && input.numel() <= OneDnnMinimumInput;
}
