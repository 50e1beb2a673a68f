using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>
/// One split of a dataset, held compactly on the CPU (images as uint8, text as int64 ids). Batches are gathered
/// with one index_select and normalised per batch, so memory stays at one byte per pixel.
/// </summary>
public sealed class DataSplit : IDisposable
{
    private readonly Tensor _samples;
    private readonly ImageNormalization? _normalization;
    private readonly int _augmentPadding;

    /// <param name="samples">uint8 [N,C,H,W] images or int64 [N,T] token ids; the split takes ownership.</param>
    /// <param name="normalization">Set for images, null for text.</param>
    /// <param name="augmentPadding">Random-crop padding for training augmentation; 0 turns augmentation off.</param>
    internal DataSplit(string name, Tensor samples, long[] labels, float[]? difficulty, ImageNormalization? normalization, int augmentPadding)
    {
        if (samples.shape[0] != labels.Length || (difficulty is not null && difficulty.Length != labels.Length))
        {
            throw new ArgumentException($"Split '{name}': {samples.shape[0]} samples, {labels.Length} labels, {difficulty?.Length} difficulties.");
        }

        Name = name;
        // A caller's dispose scope must not free the split's storage when that scope ends.
        _samples = samples.DetachFromDisposeScope();
        Labels = labels;
        Difficulty = difficulty;
        _normalization = normalization;
        _augmentPadding = augmentPadding;
    }

    /// <summary>"train", "validation" or "test".</summary>
    public string Name { get; }

    public int Count => Labels.Length;

    /// <summary>Per-sample difficulty in [0,1] where the dataset records one (synthetic), else null.</summary>
    public float[]? Difficulty { get; }

    /// <summary>CPU copy of the labels.</summary>
    public long[] Labels { get; }

    /// <summary>Whether <see cref="Batches"/> applies random crop and flip.</summary>
    public bool Augments => _augmentPadding > 0;

    /// <summary>Shape of one sample: [C,H,W] or [T].</summary>
    public long[] SampleShape => _samples.shape[1..];

    /// <summary>The first <paramref name="n"/> samples as a split of the same name (sharing storage): e.g. the part of the training split agents learn on.</summary>
    public DataSplit Head(int n) => n >= Count ? this
        : new DataSplit(Name, _samples.narrow(0, 0, n), Labels[..n], Difficulty?[..n], _normalization, _augmentPadding);

    /// <summary>
    /// Batches in order or shuffled by <paramref name="seed"/>, the last partial batch included. Augmentation, where
    /// the split asks for it, is seeded by <paramref name="seed"/> too, so pass a different seed each epoch.
    /// </summary>
    public IEnumerable<Batch> Batches(int batchSize, bool shuffle, int seed, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return Enumerate(batchSize, shuffle, seed, device);
    }

    /// <summary>A batch of the given sample indices, never augmented (used for replay and evaluation).</summary>
    public Batch Take(long[] indices, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        foreach (var i in indices)
        {
            if (i < 0 || i >= Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {i} is outside split '{Name}' of {Count} samples.");
            }
        }

        return Gather(indices, augmentation: null, device);
    }

    /// <summary>How many samples each class has in this split.</summary>
    public long[] ClassCounts(int numClasses)
    {
        var counts = new long[numClasses];
        foreach (var label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>The stored samples (uint8 images or int64 ids) without normalisation, for inspection.</summary>
    internal Tensor RawSamples => _samples;

    public void Dispose() => _samples.Dispose();

    private IEnumerable<Batch> Enumerate(int batchSize, bool shuffle, int seed, Device? device)
    {
        var order = new long[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (shuffle)
        {
            new Random(seed).Shuffle(order);
        }

        // A separate stream, so switching augmentation on or off does not change the shuffle order.
        var augmentation = Augments ? new Random(Seeds.Derive(seed, 0x5eed)) : null;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            yield return Gather(order[start..Math.Min(start + batchSize, order.Length)], augmentation, device);
        }
    }

    private Batch Gather(long[] indices, Random? augmentation, Device? device)
    {
        using var scope = NewDisposeScope();
        using var index = tensor(indices);
        var inputs = _samples.index_select(0, index);
        if (_normalization is not null)
        {
            if (augmentation is not null)
            {
                inputs = ImageAugmentation.RandomCropFlip(inputs, _augmentPadding, augmentation);
            }

            inputs = Normalize(inputs, _normalization);
        }

        var labels = new long[indices.Length];
        float[]? difficulty = Difficulty is null ? null : new float[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            labels[i] = Labels[indices[i]];
            if (difficulty is not null)
            {
                difficulty[i] = Difficulty![indices[i]];
            }
        }

        var labelTensor = tensor(labels);
        if (device is not null && device.type != DeviceType.CPU)
        {
            inputs = inputs.to(device);
            labelTensor = labelTensor.to(device);
        }

        return new Batch(inputs.MoveToOuterDisposeScope(), labelTensor.MoveToOuterDisposeScope(), indices, difficulty);
    }

    private static Tensor Normalize(Tensor pixels, ImageNormalization normalization)
    {
        // (p/255 - mean)/std folded into one multiply-add per pixel.
        var channels = normalization.Mean.Length;
        var scale = new float[channels];
        var shift = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            scale[c] = 1f / (255f * normalization.Std[c]);
            shift[c] = -normalization.Mean[c] / normalization.Std[c];
        }

        var scaleTensor = tensor(scale).view(1, channels, 1, 1);
        var shiftTensor = tensor(shift).view(1, channels, 1, 1);
        return pixels.to_type(ScalarType.Float32).mul_(scaleTensor).add_(shiftTensor);
    }
}
