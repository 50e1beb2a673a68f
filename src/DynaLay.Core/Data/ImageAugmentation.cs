using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>Batched random crop (zero padding) and horizontal flip, done as two gathers rather than per-sample slicing.</summary>
internal static class ImageAugmentation
{
    /// <param name="images">[B,C,H,W], any dtype.</param>
    public static Tensor RandomCropFlip(Tensor images, int padding, Random random)
    {
        var (b, c, h, w) = ((int)images.shape[0], images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        var rows = new long[b * h];
        var cols = new long[b * w];
        for (var i = 0; i < b; i++)
        {
            var top = random.Next(2 * padding + 1);
            var left = random.Next(2 * padding + 1);
            var flip = random.Next(2) == 1;
            for (var y = 0; y < h; y++)
            {
                rows[i * h + y] = top + y;
            }

            // The flip is folded into the column index, so it costs no gather of its own.
            for (var x = 0; x < w; x++)
            {
                cols[i * w + x] = left + (flip ? w - 1 - x : x);
            }
        }

        var padded = nn.functional.pad(images, [padding, padding, padding, padding]);
        var rowIndex = tensor(rows).view(b, 1, h, 1).expand(b, c, h, w + 2 * padding);
        var cropped = padded.gather(2, rowIndex);
        var colIndex = tensor(cols).view(b, 1, 1, w).expand(b, c, h, w);
        return cropped.gather(3, colIndex);
    }
}
