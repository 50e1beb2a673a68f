using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>
/// Seeded 3x32x32 images in 10 classes: a lattice of dots whose rows run at one of 5 orientations (36 degrees
/// apart), in a warm or a cool colour. Difficulty spreads the dots along each row from 3 px (they merge into
/// lines, whose orientation any 3x3 filter sees) to 13 px between centres, beyond the 11 px receptive field of
/// the image network's straight pass: its windows then see about one round dot at a time, so the colour stays
/// visible and the orientation needs the longer reach of an FPI block. Rows stay 6 px farther apart than the
/// dots in a row, so the nearest neighbour always lies along the class's orientation.
/// </summary>
internal static class SyntheticImages
{
    [ModuleInitializer]
    internal static void Register() => DatasetCatalog.Register(new("synthetic", Modality.Image, "generated from the seed, 3x32x32, 10 classes, per-sample difficulty", null, "built in", Load));

    /// <summary>The dataset: train and test generated from the seed (see <see cref="DatasetOptions.SyntheticSizes"/>).</summary>
    public static Dataset Load(DatasetOptions options)
    {
        var (trainCount, testCount) = options.SyntheticSizes(DatasetOptions.SyntheticImageTrainDefault);
        var train = Generate(trainCount, Seeds.Derive(options.Seed, 10));
        var test = Generate(testCount, Seeds.Derive(options.Seed, 11));
        return DatasetAssembler.Images("synthetic", ClassNames, "built in", train, test, Normalization, augmentTraining: false, options, null);
    }

    public const int Channels = 3;
    public const int Side = 32;

    public static readonly string[] ClassNames =
    [
        "0deg-warm", "36deg-warm", "72deg-warm", "108deg-warm", "144deg-warm",
        "0deg-cool", "36deg-cool", "72deg-cool", "108deg-cool", "144deg-cool",
    ];

    /// <summary>Mid-grey background and unit-scale contrast: inputs come out near zero mean.</summary>
    public static readonly ImageNormalization Normalization = new([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);

    private const int Orientations = 5;
    private const double MinSpacing = 3.0;
    private const double MaxSpacing = 13.0;
    private const double RowGap = 6.0;
    private const double DotSigma = 1.2;
    private const double Contrast = 0.4;
    private const double BaseNoise = 0.04;
    private const double ExtraNoise = 0.08;
    private const double MaxAngleJitter = Math.PI / 36;

    /// <summary>Distance of neighbouring dots in a row at a given difficulty, in pixels.</summary>
    internal static double DotSpacing(double difficulty) => MinSpacing + difficulty * (MaxSpacing - MinSpacing);

    /// <summary>Width of a dot at which its intensity falls to a tenth (2 sqrt(2 ln 10) sigma).</summary>
    internal static double DotWidth => 2 * Math.Sqrt(2 * Math.Log(10)) * DotSigma;

    /// <summary>Samples generated per tensor pass: bounds the float intermediates at a few hundred MB for any count.</summary>
    private const int Chunk = 4096;

    public static ImagePart Generate(int count, int seed)
    {
        using var generator = new Generator((ulong)(uint)seed);
        var pixels = new List<Tensor>();
        var labels = new List<long>(count);
        var difficulty = new List<float>(count);
        for (int start = 0; start < count; start += Chunk)
        {
            var part = GenerateChunk(Math.Min(Chunk, count - start), generator);
            pixels.Add(part.Pixels);
            labels.AddRange(part.Labels);
            difficulty.AddRange(part.Difficulty!);
        }
        var all = pixels.Count == 1 ? pixels[0] : cat(pixels, 0);
        if (pixels.Count > 1) foreach (var p in pixels) p.Dispose();
        return new ImagePart(all, [.. labels], [.. difficulty]);
    }

    private static ImagePart GenerateChunk(int count, Generator generator)
    {
        using var scope = NewDisposeScope();

        // Every random draw happens here, in a fixed order, so the same seed gives the same bytes.
        var labels = randint(0, ClassNames.Length, [count], dtype: ScalarType.Int64, generator: generator);
        var difficulty = rand([count], generator: generator);
        var jitter = rand([count, 1, 1, 1], generator: generator).mul_(2).sub_(1);
        var alongOffset = rand([count, 1, 1, 1], generator: generator);
        var acrossOffset = rand([count, 1, 1, 1], generator: generator);
        var colourJitter = rand([count, Channels, 1, 1], generator: generator).mul_(0.4).sub_(0.2);
        var noise = randn([count, Channels, Side, Side], generator: generator);

        var d = difficulty.view(count, 1, 1, 1);
        var classes = labels.view(count, 1, 1, 1);
        var angle = classes.remainder(Orientations).to_type(ScalarType.Float32).mul_(Math.PI / Orientations).add_(jitter.mul(MaxAngleJitter));
        var spacing = d.mul(DotSpacing(1) - DotSpacing(0)).add_(DotSpacing(0));
        var rowSpacing = spacing.add(RowGap);

        // Pixel coordinates in the lattice's frame; the random offsets place the lattice anywhere.
        var coordinate = arange(Side, dtype: ScalarType.Float32);
        var x = coordinate.view(1, 1, 1, Side);
        var y = coordinate.view(1, 1, Side, 1);
        var along = x.mul(angle.cos()).add(y.mul(angle.sin()));
        var across = y.mul(angle.cos()).sub(x.mul(angle.sin()));
        var da = Wrapped(along.add(alongOffset.mul(spacing)), spacing);
        var db = Wrapped(across.add(acrossOffset.mul(rowSpacing)), rowSpacing);
        var dots = da.square().add(db.square()).div_(-2 * DotSigma * DotSigma).exp_();

        var warm = tensor(new float[] { 1f, 0.2f, -0.6f }).view(1, Channels, 1, 1);
        var cool = tensor(new float[] { -0.6f, 0.2f, 1f }).view(1, Channels, 1, 1);
        var colour = where(classes.lt(Orientations), warm, cool).add(colourJitter);
        var noiseLevel = d.mul(ExtraNoise).add_(BaseNoise);
        var image = dots.mul(colour).mul_(Contrast).add_(noise.mul_(noiseLevel)).add_(0.5);

        var pixels = image.clamp_(0, 1).mul_(255).round_().to_type(ScalarType.Byte);
        return new ImagePart(
            pixels.MoveToOuterDisposeScope(),
            labels.data<long>().ToArray(),
            difficulty.data<float>().ToArray());
    }

    /// <summary>Signed distance to the nearest multiple of <paramref name="period"/>, in [-period/2, period/2).</summary>
    private static Tensor Wrapped(Tensor value, Tensor period) =>
        value.add(period.mul(0.5)).remainder(period).sub(period.mul(0.5));
}
