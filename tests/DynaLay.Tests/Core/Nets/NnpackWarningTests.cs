using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Nets;

/// <summary>
/// libtorch logs "Could not initialize NNPACK! Reason: Unsupported hardware." for every convolution it
/// computes by im2col + gemm on a CPU NNPACK does not support (src/DynaLay.Core/Nets/Convolution.cs).
/// On a supported CPU nothing is logged either way, so these tests can only fail on an unsupported one.
/// </summary>
public class NnpackWarningTests
{
    [Fact]
    public void ADenseImageNetworkTrainsAndRunsOneSampleWithoutNnpackWarnings()
    {
        if (!OperatingSystem.IsLinux()) return;
        manual_seed(3);
        using var network = MainNetwork.Create(new NetworkConfig { Recurrence = ConvRecurrence.Dense });
        var allFpi = new bool[1, network.NumLayers];
        for (int k = 0; k < network.NumLayers; k++) allFpi[0, k] = true;
        var options = new FpiOptions { Tolerance = 1e-4, MaxIterations = 5 };

        string written = NativeStderr.Capture(() =>
        {
            using var scope = NewDisposeScope();
            using var x = randn(1, 3, 32, 32);
            network.train();
            using var trained = network.Forward(x, allFpi, options);
            trained.Logits.sum().backward();
            network.eval();
            using (no_grad())
            {
                using var evaluated = network.Forward(x, allFpi, options);
            }

            foreach (var layer in network.Layers) layer.UpdateSpectralNorm();
        });

        Assert.DoesNotContain("NNPACK", written);
    }
}
