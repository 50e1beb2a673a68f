using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Tests;

public class TorchLoadTests
{
    [Fact]
    public void NativeLibraryLoadsAndATensorOpRuns()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a.mul(2).sum();
        Assert.Equal(12f, b.item<float>());
    }
}
