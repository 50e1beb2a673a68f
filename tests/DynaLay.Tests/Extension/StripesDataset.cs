using System.Runtime.CompilerServices;
using DynaLay.Data;
using static TorchSharp.torch;

namespace DynaLay.Tests.Extension;

/// <summary>
/// A dataset defined and registered in this one file, to show that adding one touches nothing else: 1x16x16
/// images of horizontal or vertical stripes under noise, generated from the seed.
/// </summary>
internal static class StripesDataset
{
    private static readonly string[] ClassNames = ["horizontal", "vertical"];

    [ModuleInitializer]
    internal static void Register() => DatasetCatalog.Register(new(
        "stripes", Modality.Image, "generated from the seed, 1x16x16, 2 classes (an example dataset registered from its own file)",
        null, "built in", Load));

    public static Dataset Load(DatasetOptions options)
    {
        var (train, test) = options.SyntheticSizes(trainDefault: 400);
        return DatasetAssembler.Images("stripes", ClassNames, "built in", Generate(train, options.Seed), Generate(test, options.Seed + 1),
                                       new ImageNormalization([0.5f], [0.5f]), augmentTraining: false, options, dataDirectory: null);
    }

    private static ImagePart Generate(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 16 * 16];
        var labels = new long[count];
        for (int n = 0; n < count; n++)
        {
            labels[n] = random.Next(2);
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++)
                {
                    bool on = ((labels[n] == 0 ? y : x) / 2) % 2 == 0;
                    pixels[(n * 16 + y) * 16 + x] = (byte)Math.Clamp((on ? 170 : 85) + random.Next(-80, 81), 0, 255);
                }
        }
        return new ImagePart(tensor(pixels, [count, 1, 16, 16]), labels);
    }
}
