using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Fpi;

public class FixedPointSolverTests
{
    private static readonly FpiOptions Tight = new() { Tolerance = 1e-6, MaxIterations = 200 };

    public static TheoryData<string> Layers => new() { "conv", "depthwise", "separable", "block", "lstm", "lstm-bidirectional" };

    /// <summary>A small layer of either kind, its input injection u and its straight output.</summary>
    private static (FpiLayer Layer, Tensor U, Tensor Straight) Make(string kind, double scale = 0.5, int batch = 4)
    {
        manual_seed(7);
        FpiLayer layer = kind switch
        {
            "conv" => new ConvFpiBlock("b", 3, 8, 1, 6, 6, scale),
            "depthwise" => new ConvFpiBlock("b", 3, 8, 1, 6, 6, scale, ConvRecurrence.Depthwise),
            "separable" => new ConvFpiBlock("b", 3, 8, 1, 6, 6, scale, ConvRecurrence.Separable),
            "block" => new ConvFpiBlock("b", 3, 8, 1, 6, 6, scale, ConvRecurrence.Block),
            "lstm-bidirectional" => new LstmFpiLayer("l", 5, 8, 7, scale, bidirectional: true),
            _ => new LstmFpiLayer("l", 5, 8, 7, scale),
        };
        layer.eval();
        using var x = !kind.StartsWith("lstm", StringComparison.Ordinal) ? randn(batch, 3, 6, 6) : randn(batch, 7, 5);
        using var _ = no_grad();
        var u = layer.Inject(x, new int[x.shape[0]]);
        return (layer, u, layer.Straight(u));
    }

    [Theory, MemberData(nameof(Layers))]
    public void DifferentStartingPointsReachTheSameFixedPoint(string kind)
    {
        var (layer, u, straight) = Make(kind);
        using var _ = no_grad();
        using var other = randn_like(straight) * 5;
        using var a = layer.Solve(u, straight, Tight);
        using var b = layer.Solve(u, other, Tight);
        Assert.All(a.Converged, Assert.True);
        Assert.All(b.Converged, Assert.True);
        using var gap = (a.Z - b.Z).abs().max();
        Assert.True(gap.item<float>() < 1e-4, $"fixed points differ by {gap.item<float>()}");
    }

    [Theory, MemberData(nameof(Layers))]
    public void ResidualFallsWithEveryIteration(string kind)
    {
        var (layer, u, straight) = Make(kind);
        using var _ = no_grad();
        var residuals = new List<float>();
        for (int n = 1; n <= 6; n++)
        {
            using var r = layer.Solve(u, straight, new FpiOptions { FixedIterations = n });
            residuals.Add(r.Residual.Max());
        }
        for (int i = 1; i < residuals.Count; i++)
            Assert.True(residuals[i] < residuals[i - 1], $"residual rose: {string.Join(", ", residuals)}");
        // A contraction with factor 0.5 at least halves the step each time (up to float rounding).
        Assert.True(residuals[^1] < residuals[0] * Math.Pow(0.5, 5) * 1.5);
    }

    [Theory, MemberData(nameof(Layers))]
    public void UnreachableToleranceReportsNotConverged(string kind)
    {
        var (layer, u, straight) = Make(kind);
        using var _ = no_grad();
        using var r = layer.Solve(u, straight, new FpiOptions { Tolerance = 1e-12, MaxIterations = 2 });
        Assert.All(r.Converged, Assert.False);
        Assert.All(r.Iterations, n => Assert.Equal(2, n));
        Assert.All(r.Residual, v => Assert.True(v > 1e-12));
    }

    [Fact]
    public void ConvergedSamplesLeaveTheActiveSetWithoutChangingOthers()
    {
        var (layer, u, straight) = Make("conv", batch: 6);
        using var _ = no_grad();
        // Make sample 0 start at its fixed point already: it must stop after one iteration.
        using var solved = layer.Solve(u, straight, Tight);
        using var start = straight.clone();
        start[0] = solved.Z[0];
        var options = new FpiOptions { Tolerance = 1e-4, MaxIterations = 50 };
        using var batch = layer.Solve(u, start, options);
        Assert.Equal(1, batch.Iterations[0]);
        Assert.True(batch.Iterations.Skip(1).All(n => n > 1));
        for (int i = 0; i < 6; i++)
        {
            using var ui = u.narrow(0, i, 1);
            using var si = start.narrow(0, i, 1);
            using var alone = layer.Solve(ui, si, options);
            Assert.Equal(alone.Iterations[0], batch.Iterations[i]);
            using var zi = batch.Z.narrow(0, i, 1);
            Assert.True(allclose(alone.Z, zi, rtol: 1e-5, atol: 1e-6));
        }
    }

    /// <summary>
    /// Reference gradient: backprop through 80 applications of f unrolled from the straight output.
    /// With contraction 0.2 the start's influence is 0.2^80, so this is the exact implicit gradient.
    /// </summary>
    private static Tensor[] UnrolledGradients(FpiLayer layer, Tensor x, Tensor probe)
    {
        layer.zero_grad();
        using var u = layer.Inject(x, new int[x.shape[0]]);
        var map = layer.PrepareMap();
        Tensor z = layer.Straight(u);
        for (int i = 0; i < 80; i++) z = map.Apply(z, u);
        using var loss = (z * probe).sum();
        loss.backward();
        (map as IDisposable)?.Dispose();
        return layer.parameters().Select(p => p.grad!.clone()).ToArray();
    }

    private static Tensor[] SolverGradients(FpiLayer layer, Tensor x, Tensor probe, FpiOptions options)
    {
        layer.zero_grad();
        using var u = layer.Inject(x, new int[x.shape[0]]);
        using var straight = layer.Straight(u);
        using var r = layer.Solve(u, straight, options);
        using var loss = (r.Z * probe).sum();
        loss.backward();
        return layer.parameters().Select(p => p.grad!.clone()).ToArray();
    }

    private static double RelativeError(Tensor[] a, Tensor[] reference)
    {
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++)
        {
            using var d = a[i] - reference[i];
            num += Math.Pow(d.norm().item<float>(), 2);
            den += Math.Pow(reference[i].norm().item<float>(), 2);
        }
        return Math.Sqrt(num / den);
    }

    [Theory, MemberData(nameof(Layers))]
    public void GradientModesAgreeWithUnrolledBackprop(string kind)
    {
        const double scale = 0.2;
        var (layer, _, straight) = Make(kind, scale);
        manual_seed(11);
        using var x = !kind.StartsWith("lstm", StringComparison.Ordinal) ? randn(4, 3, 6, 6) : randn(4, 7, 5);
        using var probe = randn_like(straight);

        var reference = UnrolledGradients(layer, x, probe);
        var implicitGrad = SolverGradients(layer, x, probe,
            new FpiOptions { Tolerance = 1e-7, MaxIterations = 100, Backward = FpiBackward.Implicit, NeumannTerms = 20 });
        var oneStep = SolverGradients(layer, x, probe,
            new FpiOptions { Tolerance = 1e-7, MaxIterations = 100, Backward = FpiBackward.OneStep });

        // Implicit: exact up to the Neumann truncation 0.2^20 and float rounding.
        Assert.True(RelativeError(implicitGrad, reference) < 1e-3, $"implicit rel. error {RelativeError(implicitGrad, reference)}");
        // One-step drops the terms J + J^2 + ..., whose norm is at most s / (1 - s) = 0.25 of the whole.
        double oneStepError = RelativeError(oneStep, reference);
        Assert.True(oneStepError < scale / (1 - scale), $"one-step rel. error {oneStepError}");
    }

    [Fact]
    public void ADepthwiseIterationCostsOneChannelsShareOfADenseOne()
    {
        using var dense = new ConvFpiBlock("d", 3, 8, 1, 6, 6, 0.5);
        using var depthwise = new ConvFpiBlock("w", 3, 8, 1, 6, 6, 0.5, ConvRecurrence.Depthwise);
        double pixels = 36, channels = 8;
        Assert.Equal(2 * channels * 9 * channels * pixels + 2 * channels * pixels, dense.IterationFlops);
        Assert.Equal(2 * 9 * channels * pixels + 2 * channels * pixels, depthwise.IterationFlops);
        Assert.Equal(dense.StraightFlops, depthwise.StraightFlops);
        Assert.Equal(8 * 1 * 3 * 3, depthwise.parameters().Sum(p => p.shape.SequenceEqual(new long[] { 8, 1, 3, 3 }) ? p.numel() : 0));
    }

    [Fact]
    public void ASeparableIterationCostsAChannelMixAndADepthwiseConvolution()
    {
        using var separable = new ConvFpiBlock("s", 3, 8, 1, 6, 6, 0.5, ConvRecurrence.Separable);
        double pixels = 36, channels = 8;
        Assert.Equal(2 * channels * channels * pixels + 2 * 9 * channels * pixels + 2 * channels * pixels, separable.IterationFlops);
        Assert.Equal(8 * 8 + 8 * 9, separable.parameters().Sum(p => p.shape.SequenceEqual(new long[] { 8, 8 }) || p.shape.SequenceEqual(new long[] { 8, 1, 3, 3 }) ? p.numel() : 0));
    }

    [Fact]
    public void ABlockIterationCostsTwoSeparableOperatorsAndTheReluBetween()
    {
        using var block = new ConvFpiBlock("k", 3, 8, 1, 6, 6, 0.5, ConvRecurrence.Block);
        using var separable = new ConvFpiBlock("s", 3, 8, 1, 6, 6, 0.5, ConvRecurrence.Separable);
        double pixels = 36, channels = 8;
        Assert.Equal(separable.IterationFlops + 2 * channels * channels * pixels + 2 * 9 * channels * pixels + channels * pixels, block.IterationFlops);
        Assert.Equal(2 * (8 * 8 + 8 * 9), block.parameters().Sum(p => p.shape.SequenceEqual(new long[] { 8, 8 }) || p.shape.SequenceEqual(new long[] { 8, 1, 3, 3 }) ? p.numel() : 0));
    }

    /// <summary>||f(z1, u) - f(z2, u)|| &lt;= s ||z1 - z2|| for random pairs: the guarantee every solver and gradient relies on.</summary>
    [Theory, MemberData(nameof(Layers))]
    public void EveryMapIsAContractionWithItsFactor(string kind)
    {
        const double scale = 0.9;
        var (layer, u, _) = Make(kind, scale);
        using var _ = no_grad();
        using var map = (IDisposable)layer.PrepareMap();
        for (int trial = 0; trial < 5; trial++)
        {
            using var z1 = randn_like(u) * 3;
            using var z2 = randn_like(u) * 3;
            using var f1 = ((IFixedPointMap)map).Apply(z1, u);
            using var f2 = ((IFixedPointMap)map).Apply(z2, u);
            double outGap = (f1 - f2).norm().item<float>(), inGap = (z1 - z2).norm().item<float>();
            Assert.True(outGap <= scale * inGap * 1.01, $"{kind}: ||f(z1) - f(z2)|| = {outGap} > {scale} x {inGap}");
        }
    }
}
