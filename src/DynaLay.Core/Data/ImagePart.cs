using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>A source split of images as read from disk or generated: uint8 [N,C,H,W] pixels and their labels.</summary>
public sealed record ImagePart(Tensor Pixels, long[] Labels, float[]? Difficulty = null) : IDisposable
{
    public int Count => Labels.Length;

    public void Dispose() => Pixels.Dispose();
}
