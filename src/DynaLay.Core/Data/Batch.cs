using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>A minibatch. It owns its tensors: dispose it when the step is done.</summary>
public sealed class Batch : IDisposable
{
    /// <summary>Takes ownership of <paramref name="inputs"/> and <paramref name="labels"/>.</summary>
    public Batch(Tensor inputs, Tensor labels, long[] indices, float[]? difficulty = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(indices);
        if (difficulty is not null && difficulty.Length != indices.Length)
        {
            throw new ArgumentException("One difficulty per sample is needed.", nameof(difficulty));
        }

        Inputs = inputs;
        Labels = labels;
        Indices = indices;
        Difficulty = difficulty;
    }

    /// <summary>Image: float32 [B,C,H,W], normalised. Text: int64 [B,T] token ids.</summary>
    public Tensor Inputs { get; }

    /// <summary>int64 [B].</summary>
    public Tensor Labels { get; }

    /// <summary>Sample indices within the split, so results can be traced back to samples.</summary>
    public long[] Indices { get; }

    public float[]? Difficulty { get; }

    public int Size => Indices.Length;

    public void Dispose()
    {
        Inputs.Dispose();
        Labels.Dispose();
    }
}
