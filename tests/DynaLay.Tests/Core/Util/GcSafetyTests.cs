using System.Runtime;
using System.Text.Json;
using DynaLay.Util;

namespace DynaLay.Tests.Core.Util;

/// <summary>
/// TorchSharp 0.107 lets a background collection free a temporary Scalar under a running native op
/// (see GcSafety): every process here must collect with blocking GCs only.
/// </summary>
public class GcSafetyTests
{
    [Fact]
    public void TheTestHostCollectsWithBlockingGcOnly()
    {
        Assert.Equal(GCLatencyMode.Batch, GCSettings.LatencyMode);
        Assert.True(GcSafety.IsSafe);
    }

    [Fact]
    public void TheDynalayExecutableIsBuiltWithoutConcurrentGc()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "dynalay.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var options = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(options.GetProperty("System.GC.Concurrent").GetBoolean());
    }

    [Fact]
    public void ConfigureSwitchesAConcurrentProcessToBlockingCollections()
    {
        var before = GCSettings.LatencyMode;
        try
        {
            GCSettings.LatencyMode = GCLatencyMode.Interactive;
            GcSafety.Configure();
            Assert.Equal(GCLatencyMode.Batch, GCSettings.LatencyMode);
        }
        finally
        {
            GCSettings.LatencyMode = before;
        }
    }
}
