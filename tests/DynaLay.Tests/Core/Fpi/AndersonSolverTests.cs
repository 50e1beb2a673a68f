using System.Text.Json;
using DynaLay.Data;
using DynaLay.Envs.Tabulated;
using DynaLay.Fpi;
using DynaLay.Nets;
using DynaLay.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Fpi;

public class AndersonSolverTests
{
    private static readonly FpiOptions PicardTight = new() { Tolerance = 1e-6, MaxIterations = 400 };
    private static readonly FpiOptions AndersonTight = PicardTight with { Solver = FpiSolverKind.Anderson };

    /// <summary>
    /// f(z, u) = tanh(z W + u) with W symmetric, its eigenvalues spread evenly over [-s/2, s], and a small u so that
    /// tanh stays near its linear part: plain iteration contracts at a rate close to s, the case Anderson
    /// acceleration is for.
    /// </summary>
    private sealed class TanhMap : IFixedPointMap, IDisposable
    {
        public TanhMap(int dim, double s, int seed)
        {
            var generator = new Generator((ulong)seed);
            using var a = randn(dim, dim, generator: generator, dtype: ScalarType.Float64);
            var (q, r) = linalg.qr(a);
            using (r)
            using (q)
            {
                using var lambda = linspace(-s / 2, s, dim, dtype: ScalarType.Float64);
                using var qd = q * lambda;
                using var w = qd.matmul(q.t());
                W = w.to_type(ScalarType.Float32);
            }
        }

        public Tensor W { get; }

        public Tensor Apply(Tensor z, Tensor u)
        {
            using var zw = z.matmul(W);
            using var pre = zw + u;
            return pre.tanh();
        }

        public void Dispose() => W.Dispose();
    }

    private static (TanhMap F, Tensor U, Tensor Z0) MakeTanh(double s = 0.9, int batch = 16, int dim = 48, int seed = 3)
    {
        var f = new TanhMap(dim, s, seed);
        var generator = new Generator((ulong)seed + 1);
        using var noise = randn(batch, dim, generator: generator);
        var u = noise * 0.3;
        var z0 = u.tanh();
        return (f, u, z0);
    }

    /// <summary>A small image or text FPI layer at contraction <paramref name="scale"/>, its injection u and straight output.</summary>
    private static (FpiLayer Layer, Tensor U, Tensor Straight) MakeLayer(string kind, double scale, int batch = 4)
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

    public static TheoryData<string> Layers => new() { "conv", "depthwise", "separable", "block", "lstm", "lstm-bidirectional" };

    private static FpiResult Solve(IFixedPointMap f, Tensor u, Tensor z0, FpiOptions options)
    {
        using var _ = no_grad();
        return FixedPointSolver.Solve(f, u, z0, options);
    }

    private static float MaxGap(Tensor a, Tensor b)
    {
        using var d = a - b;
        using var abs = d.abs();
        using var max = abs.max();
        return max.item<float>();
    }

    [Fact]
    public void ReachesPicardsFixedPointOnAContraction()
    {
        var (f, u, z0) = MakeTanh();
        using (f) using (u) using (z0)
        {
            using var picard = Solve(f, u, z0, PicardTight);
            using var anderson = Solve(f, u, z0, AndersonTight);
            Assert.All(picard.Converged, Assert.True);
            Assert.All(anderson.Converged, Assert.True);
            Assert.All(anderson.Residual, r => Assert.True(r < 1e-6));
            float gap = MaxGap(picard.Z, anderson.Z);
            Assert.True(gap < 1e-4, $"Anderson's fixed point differs from Picard's by {gap}");
            // And it is a fixed point: f moves it by no more than the tolerance allows.
            using var fz = f.Apply(anderson.Z, u);
            Assert.True(MaxGap(fz, anderson.Z) < 1e-4);
        }
    }

    [Theory, MemberData(nameof(Layers))]
    public void ReachesPicardsFixedPointOnEveryLayerKind(string kind)
    {
        var (layer, u, straight) = MakeLayer(kind, 0.9);
        using (layer) using (u) using (straight)
        using (no_grad())
        {
            using var picard = layer.Solve(u, straight, PicardTight);
            using var anderson = layer.Solve(u, straight, AndersonTight);
            Assert.All(anderson.Converged, Assert.True);
            float gap = MaxGap(picard.Z, anderson.Z);
            Assert.True(gap < 1e-4, $"{kind}: fixed points differ by {gap}");
        }
    }

    [Fact]
    public void TakesFewerIterationsThanPicardAtContractionPointNine()
    {
        var (f, u, z0) = MakeTanh(s: 0.9);
        using (f) using (u) using (z0)
        {
            var options = new FpiOptions { Tolerance = 1e-5, MaxIterations = 200 };
            using var picard = Solve(f, u, z0, options);
            using var anderson = Solve(f, u, z0, options with { Solver = FpiSolverKind.Anderson });
            Assert.All(picard.Converged, Assert.True);
            Assert.All(anderson.Converged, Assert.True);
            double p = picard.Iterations.Average(), a = anderson.Iterations.Average();
            Assert.True(p > 25, $"the map is too easy to tell the solvers apart: Picard took {p}, Anderson {a}");
            Assert.True(a < 0.6 * p, $"Anderson {a} mean iterations, Picard {p}");
        }
    }

    [Fact]
    public void TakesFewerIterationsOnTheDefaultImageBlock()
    {
        // The default image network's block: depthwise 3x3 recurrence at s = 0.9, the default tolerance.
        var (layer, u, straight) = MakeLayer("depthwise", 0.9, batch: 8);
        using (layer) using (u) using (straight)
        using (no_grad())
        {
            var options = new FpiOptions { Tolerance = 1e-4, MaxIterations = 200 };
            using var picard = layer.Solve(u, straight, options);
            using var anderson = layer.Solve(u, straight, options with { Solver = FpiSolverKind.Anderson });
            Assert.All(anderson.Converged, Assert.True);
            Assert.True(anderson.Iterations.Average() < picard.Iterations.Average(),
                        $"Anderson {anderson.Iterations.Average()}, Picard {picard.Iterations.Average()}");
        }
    }

    [Fact]
    public void ConvergedSamplesLeaveTheActiveSetWithoutChangingOthers()
    {
        var (f, u, z0) = MakeTanh(batch: 2);
        using (f) using (u) using (z0)
        {
            // Sample 0 starts at its fixed point (easy), sample 1 at the straight output (hard).
            using var solved = Solve(f, u, z0, AndersonTight);
            using var start = z0.clone();
            start[0] = solved.Z[0];
            var options = new FpiOptions { Tolerance = 1e-5, MaxIterations = 200, Solver = FpiSolverKind.Anderson };
            using var batch = Solve(f, u, start, options);
            Assert.Equal(1, batch.Iterations[0]);
            Assert.True(batch.Iterations[1] > 5, $"hard sample took {batch.Iterations[1]}");
            Assert.All(batch.Converged, Assert.True);

            // Each sample's count and fixed point are what it gets alone: the easy one's history rows were dropped.
            for (int i = 0; i < 2; i++)
            {
                using var ui = u.narrow(0, i, 1);
                using var si = start.narrow(0, i, 1);
                using var alone = Solve(f, ui, si, options);
                Assert.Equal(alone.Iterations[0], batch.Iterations[i]);
                using var zi = batch.Z.narrow(0, i, 1);
                Assert.True(allclose(alone.Z, zi, rtol: 1e-5, atol: 1e-6));
            }
        }
    }

    [Fact]
    public void OneRemembersNothingAndIsPlainIteration()
    {
        var (f, u, z0) = MakeTanh();
        using (f) using (u) using (z0)
        {
            var options = new FpiOptions { Tolerance = 1e-4, MaxIterations = 200 };
            using var picard = Solve(f, u, z0, options);
            using var m1 = Solve(f, u, z0, options with { Solver = FpiSolverKind.Anderson, AndersonM = 1 });
            Assert.Equal(picard.Iterations, m1.Iterations);
            Assert.True(MaxGap(picard.Z, m1.Z) < 1e-5);
        }
    }

    [Fact]
    public void FixedIterationsGiveEverySampleExactlyThatMany()
    {
        var (f, u, z0) = MakeTanh(batch: 4);
        using (f) using (u) using (z0)
        {
            using var r = Solve(f, u, z0, new FpiOptions { Solver = FpiSolverKind.Anderson, FixedIterations = 7, Tolerance = 1e-12 });
            Assert.All(r.Iterations, n => Assert.Equal(7, n));
            Assert.All(r.Converged, Assert.False);
            Assert.All(r.Residual, v => Assert.True(v > 0));
        }
    }

    [Fact]
    public void SameInputsGiveTheSameBytes()
    {
        static (byte[] Z, int[] Iterations, float[] Residual) Run()
        {
            var (f, u, z0) = MakeTanh(batch: 8);
            using (f) using (u) using (z0)
            {
                using var r = Solve(f, u, z0, new FpiOptions { Tolerance = 1e-5, MaxIterations = 100, Solver = FpiSolverKind.Anderson });
                return (r.Z.bytes.ToArray(), r.Iterations, r.Residual);
            }
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Z, b.Z);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.Residual, b.Residual);
    }

    private static Tensor[] Gradients(FpiLayer layer, Tensor x, Tensor probe, FpiOptions options)
    {
        layer.zero_grad();
        using var u = layer.Inject(x, new int[x.shape[0]]);
        using var straight = layer.Straight(u);
        using var r = layer.Solve(u, straight, options);
        Assert.True(r.Z.requires_grad);
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
            using var dn = d.norm();
            using var rn = reference[i].norm();
            num += Math.Pow(dn.item<float>(), 2);
            den += Math.Pow(rn.item<float>(), 2);
        }
        return Math.Sqrt(num / den);
    }

    [Theory]
    [InlineData(FpiBackward.OneStep)]
    [InlineData(FpiBackward.Implicit)]
    public void GradientsThroughTheResultAreThoseOfPicardsFixedPoint(FpiBackward backward)
    {
        var (layer, u0, straight0) = MakeLayer("conv", 0.5);
        u0.Dispose();
        straight0.Dispose();
        using (layer)
        {
            manual_seed(11);
            using var x = randn(4, 3, 6, 6);
            using var probe = randn(4, 8, 6, 6);
            var options = new FpiOptions { Tolerance = 1e-7, MaxIterations = 200, Backward = backward, NeumannTerms = 20 };
            var picard = Gradients(layer, x, probe, options);
            var anderson = Gradients(layer, x, probe, options with { Solver = FpiSolverKind.Anderson });
            Assert.Contains(anderson, g => g.abs().max().item<float>() > 0);
            double error = RelativeError(anderson, picard);
            Assert.True(error < 1e-3, $"{backward}: Anderson's gradients differ from Picard's by {error} (relative)");
        }
    }

    public static TheoryData<FpiOptions, string> InvalidOptions => new()
    {
        { new FpiOptions { Solver = FpiSolverKind.Anderson, AndersonM = 0 }, nameof(FpiOptions.AndersonM) },
        { new FpiOptions { AndersonBeta = 0 }, nameof(FpiOptions.AndersonBeta) },
        { new FpiOptions { AndersonBeta = 1.5 }, nameof(FpiOptions.AndersonBeta) },
        { new FpiOptions { AndersonBeta = double.NaN }, nameof(FpiOptions.AndersonBeta) },
        { new FpiOptions { AndersonLambda = 0 }, nameof(FpiOptions.AndersonLambda) },
        { new FpiOptions { AndersonLambda = double.PositiveInfinity }, nameof(FpiOptions.AndersonLambda) },
        { new FpiOptions { Solver = (FpiSolverKind)7 }, nameof(FpiOptions.Solver) },
    };

    [Theory, MemberData(nameof(InvalidOptions))]
    public void InvalidOptionsAreRefusedByName(FpiOptions options, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(parameter, e.ParamName);
        // The solver checks its options before it computes anything.
        var (f, u, z0) = MakeTanh(batch: 2);
        using (f) using (u) using (z0)
            Assert.Throws<ArgumentOutOfRangeException>(() => FixedPointSolver.Solve(f, u, z0, options));
    }

    [Fact]
    public void TheSolverIsRecordedAndRunsWrittenBeforeItLoadAsPicard()
    {
        var anderson = new FpiOptions { Solver = FpiSolverKind.Anderson, AndersonM = 3, AndersonBeta = 0.5 };
        var config = new RunConfig();
        config.Set("solver", anderson);
        string dir = Directory.CreateTempSubdirectory("anderson").FullName;
        try
        {
            string path = Path.Combine(dir, MainRun.ConfigFile);
            config.Save(path);
            Assert.Equal(anderson, RunConfig.Load(path).Get<FpiOptions>("solver", dir));
            Assert.Contains("\"solver\": \"anderson\"", File.ReadAllText(path));

            // A solver section as runs wrote it before the solver could be chosen.
            const string old = """{ "formatVersion": 1, "solver": { "tolerance": 0.001, "maxIterations": 20, "eps": 1e-06, "fixedIterations": null, "backward": "oneStep", "neumannTerms": 12 } }""";
            File.WriteAllText(path, old);
            var loaded = RunConfig.Load(path).Get<FpiOptions>("solver", dir);
            Assert.Equal(FpiSolverKind.Picard, loaded.Solver);
            Assert.Equal(new FpiOptions(), loaded);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ATableBuiltWithOneSolverIsNotServedForTheOther()
    {
        string checkpoint = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(checkpoint, [1, 2, 3]);
            long[] labels = [0, 1, 1];
            using var split = new DataSplit("test", zeros(labels.Length, 4), labels, null, null, 0);
            var picard = new FpiOptions();
            string picardKey = TableCache.Key(checkpoint, split, picard);
            Assert.DoesNotContain("solver", picardKey); // tables built before the solver could be chosen stay valid
            string anderson = TableCache.Key(checkpoint, split, picard with { Solver = FpiSolverKind.Anderson });
            Assert.NotEqual(picardKey, anderson);
            Assert.NotEqual(anderson, TableCache.Key(checkpoint, split, picard with { Solver = FpiSolverKind.Anderson, AndersonM = 3 }));
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }
}
