using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>
/// Seeded 3x32x32 images in 10 classes. A class is a sine grating's orientation (5 angles, 36 degrees apart)
/// times its frequency (2.5 or 5 cycles per image); phase and tint are random, so neither pixel position nor
/// colour gives the class away. Difficulty lowers the contrast, adds noise, jitters the angle, overlays a
/// weaker grating of another class and grows an occluding square: hard samples are genuinely ambiguous
/// sometimes, but their own grating always stays the strongest.
/// </summary>
internal static class SyntheticImages
{
    public const int Channels = 3;
    public const int Side = 32;

    public static readonly string[] ClassNames =
    [
        "0deg-coarse", "36deg-coarse", "72deg-coarse", "108deg-coarse", "144deg-coarse",
        "0deg-fine", "36deg-fine", "72deg-fine", "108deg-fine", "144deg-fine",
    ];

    /// <summary>Measured on generated data; close enough that inputs come out near zero mean, unit variance.</summary>
    public static readonly ImageNormalization Normalization = new([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);

    private const int Orientations = 5;
    private const double CoarseCycles = 2.5;
    private const double FineCycles = 5.0;
    private const double Contrast = 0.45;
    private const double ContrastLoss = 0.75;
    private const double BaseNoise = 0.04;
    private const double ExtraNoise = 0.36;
    private const double MaxAngleJitter = Math.PI / 12;
    private const double MaxDistractorRatio = 0.6;
    private const double MaxOccluderShare = 0.5;

    public static ImagePart Generate(int count, int seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)(uint)seed);

        // Every random draw happens here, in a fixed order, so the same seed gives the same bytes.
        var labels = randint(0, ClassNames.Length, [count], dtype: ScalarType.Int64, generator: generator);
        var difficulty = rand([count], generator: generator);
        var phase = rand([count, 1, 1, 1], generator: generator).mul_(2 * Math.PI);
        var jitter = rand([count, 1, 1, 1], generator: generator).mul_(2).sub_(1);
        var tint = rand([count, Channels, 1, 1], generator: generator).mul_(0.7).add_(0.3);
        var noise = randn([count, Channels, Side, Side], generator: generator);
        var occluderLeft = rand([count, 1, 1, 1], generator: generator);
        var occluderTop = rand([count, 1, 1, 1], generator: generator);
        var occluderGrey = rand([count, 1, 1, 1], generator: generator);
        var distractorOffset = randint(1, ClassNames.Length, [count, 1, 1, 1], dtype: ScalarType.Int64, generator: generator);
        var distractorPhase = rand([count, 1, 1, 1], generator: generator).mul_(2 * Math.PI);

        var d = difficulty.view(count, 1, 1, 1);
        var classes = labels.view(count, 1, 1, 1);
        var grating = Grating(classes, jitter.mul(d), phase);
        var distractor = Grating(classes.add(distractorOffset).remainder_(ClassNames.Length), zeros_like(d), distractorPhase);

        var contrast = d.mul(-ContrastLoss).add_(1).mul_(Contrast);
        var noiseLevel = d.mul(ExtraNoise).add_(BaseNoise);
        var pattern = grating.add(distractor.mul(d.mul(MaxDistractorRatio)));
        var image = pattern.mul(contrast).mul(tint).add_(noise.mul_(noiseLevel)).add_(0.5);

        var occluderSide = d.mul(MaxOccluderShare * Side);
        var left = occluderLeft.mul(occluderSide.neg().add_(Side));
        var top = occluderTop.mul(occluderSide.neg().add_(Side));
        var pixel = arange(Side, dtype: ScalarType.Float32);
        var px = pixel.view(1, 1, 1, Side);
        var py = pixel.view(1, 1, Side, 1);
        var inside = px.ge(left).logical_and(px.lt(left.add(occluderSide)))
            .logical_and(py.ge(top)).logical_and(py.lt(top.add(occluderSide)));
        image = where(inside, occluderGrey.expand_as(image), image);

        var pixels = image.clamp_(0, 1).mul_(255).round_().to_type(ScalarType.Byte);
        return new ImagePart(
            pixels.MoveToOuterDisposeScope(),
            labels.data<long>().ToArray(),
            difficulty.data<float>().ToArray());
    }

    /// <summary>The class's grating, [N,1,Side,Side] in [-1,1]; <paramref name="jitter"/> in [-1,1] scales the angle noise.</summary>
    private static Tensor Grating(Tensor classes, Tensor jitter, Tensor phase)
    {
        var angle = classes.remainder(Orientations).to_type(ScalarType.Float32).mul_(Math.PI / Orientations).add_(jitter.mul(MaxAngleJitter));
        var cycles = where(classes.lt(Orientations), CoarseCycles, FineCycles).to_type(ScalarType.Float32);
        var coordinate = arange(Side, dtype: ScalarType.Float32).div_(Side).sub_(0.5);
        var x = coordinate.view(1, 1, 1, Side);
        var y = coordinate.view(1, 1, Side, 1);
        var projection = x.mul(angle.cos()).add(y.mul(angle.sin()));
        return projection.mul_(cycles.mul(2 * Math.PI)).add_(phase).sin_();
    }
}
