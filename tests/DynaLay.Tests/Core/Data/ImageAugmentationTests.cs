using DynaLay.Data;
using static TorchSharp.torch;

namespace DynaLay.Tests.Core.Data;

public class ImageAugmentationTests
{
    private const int B = 16;
    private const int C = 2;
    private const int H = 5;
    private const int W = 6;
    private const int Pad = 2;

    [Fact]
    public void EveryOutputIsAZeroPaddedCropOfItsInputPossiblyFlipped()
    {
        var values = Enumerable.Range(0, B * C * H * W).Select(i => (byte)(1 + i % 250)).ToArray();
        using var images = tensor(values, [B, C, H, W]);

        using var output = ImageAugmentation.RandomCropFlip(images, Pad, new Random(7));

        Assert.Equal([(long)B, C, H, W], output.shape);
        Assert.Equal(ScalarType.Byte, output.dtype);
        var result = output.data<byte>().ToArray();
        var flips = 0;
        for (var b = 0; b < B; b++)
        {
            var matches = Candidates().Where(c => Matches(values, result, b, c.Top, c.Left, c.Flip)).ToArray();
            Assert.NotEmpty(matches);
            flips += matches.All(m => m.Flip) ? 1 : 0;
        }

        // 16 fair coin flips all landing the same way would be a broken flip.
        Assert.InRange(flips, 1, B - 1);
    }

    [Fact]
    public void SameRandomSeedGivesTheSameAugmentation()
    {
        using var images = randint(0, 255, [B, C, H, W], dtype: ScalarType.Byte);

        using var a = ImageAugmentation.RandomCropFlip(images, Pad, new Random(3));
        using var b = ImageAugmentation.RandomCropFlip(images, Pad, new Random(3));
        using var c = ImageAugmentation.RandomCropFlip(images, Pad, new Random(4));

        Assert.Equal(a.data<byte>().ToArray(), b.data<byte>().ToArray());
        Assert.NotEqual(a.data<byte>().ToArray(), c.data<byte>().ToArray());
    }

    private static IEnumerable<(int Top, int Left, bool Flip)> Candidates() =>
        from top in Enumerable.Range(0, 2 * Pad + 1)
        from left in Enumerable.Range(0, 2 * Pad + 1)
        from flip in new[] { false, true }
        select (top, left, flip);

    private static bool Matches(byte[] input, byte[] output, int b, int top, int left, bool flip)
    {
        for (var c = 0; c < C; c++)
        {
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    var sy = top + y - Pad;
                    var sx = left + (flip ? W - 1 - x : x) - Pad;
                    var expected = sy is >= 0 and < H && sx is >= 0 and < W ? input[((b * C + c) * H + sy) * W + sx] : (byte)0;
                    if (output[((b * C + c) * H + y) * W + x] != expected)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }
}
