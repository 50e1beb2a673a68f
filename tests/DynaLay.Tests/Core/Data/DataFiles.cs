using System.Buffers.Binary;
using System.IO.Compression;

namespace DynaLay.Tests.Core.Data;

/// <summary>Writes small files in the official dataset formats.</summary>
internal static class DataFiles
{
    public static byte[] Idx(int magic, int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dimensions[d]);
        }

        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    public static void Write(string path, byte[] bytes, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }

        using var file = File.Create(path);
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(bytes);
    }

    /// <summary>Pixel value of image <paramref name="n"/> at flat position <paramref name="p"/>, distinct enough to catch mix-ups.</summary>
    public static byte Pixel(int n, int p) => (byte)((n * 31 + p * 7) % 256);

    /// <summary>Fashion-MNIST files: <paramref name="train"/> and <paramref name="test"/> images of 28x28 with labels n % 10.</summary>
    public static void FashionMnist(string directory, int train, int test, bool gzip)
    {
        foreach (var (prefix, count) in new[] { ("train", train), ("t10k", test) })
        {
            var pixels = new byte[count * 784];
            for (var n = 0; n < count; n++)
            {
                for (var p = 0; p < 784; p++)
                {
                    pixels[n * 784 + p] = Pixel(n, p);
                }
            }

            var labels = Enumerable.Range(0, count).Select(n => (byte)(n % 10)).ToArray();
            var suffix = gzip ? ".gz" : string.Empty;
            Write(Path.Combine(directory, $"{prefix}-images-idx3-ubyte{suffix}"), Idx(0x803, [count, 28, 28], pixels), gzip);
            Write(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte{suffix}"), Idx(0x801, [count], labels), gzip);
        }
    }

    /// <summary>CIFAR records: label byte(s) then 3072 pixels; labels given per record.</summary>
    public static byte[] CifarRecords(IReadOnlyList<byte[]> labelBytes)
    {
        var recordSize = labelBytes[0].Length + 3072;
        var bytes = new byte[labelBytes.Count * recordSize];
        for (var n = 0; n < labelBytes.Count; n++)
        {
            labelBytes[n].CopyTo(bytes, n * recordSize);
            for (var p = 0; p < 3072; p++)
            {
                bytes[n * recordSize + labelBytes[n].Length + p] = Pixel(n, p);
            }
        }

        return bytes;
    }

    /// <summary>
    /// CIFAR-10 with <paramref name="perBatch"/> records in each of the five training batches; labels n % 10.
    /// With <paramref name="names"/>, also the label-name file batches.meta.txt.
    /// </summary>
    public static void Cifar10(string directory, int perBatch, int test, IReadOnlyList<string>? names = null)
    {
        Directory.CreateDirectory(directory);
        if (names is not null)
        {
            LabelNames(Path.Combine(directory, "batches.meta.txt"), names);
        }

        for (var b = 1; b <= 5; b++)
        {
            var labels = Enumerable.Range(0, perBatch).Select(n => new[] { (byte)((n + b) % 10) }).ToArray();
            File.WriteAllBytes(Path.Combine(directory, $"data_batch_{b}.bin"), CifarRecords(labels));
        }

        File.WriteAllBytes(
            Path.Combine(directory, "test_batch.bin"),
            CifarRecords([.. Enumerable.Range(0, test).Select(n => new[] { (byte)(n % 10) })]));
    }

    /// <summary>
    /// CIFAR-100 with records n labelled coarse n % 20 and fine n * 7 % 100 (train) or n * 3 % 100 (test). With
    /// <paramref name="fineNames"/> or <paramref name="coarseNames"/>, also the label-name files
    /// fine_label_names.txt or coarse_label_names.txt.
    /// </summary>
    public static void Cifar100(string directory, int train, int test, IReadOnlyList<string>? fineNames = null, IReadOnlyList<string>? coarseNames = null)
    {
        Directory.CreateDirectory(directory);
        if (fineNames is not null)
        {
            LabelNames(Path.Combine(directory, "fine_label_names.txt"), fineNames);
        }

        if (coarseNames is not null)
        {
            LabelNames(Path.Combine(directory, "coarse_label_names.txt"), coarseNames);
        }

        File.WriteAllBytes(Path.Combine(directory, "train.bin"), CifarRecords([.. Enumerable.Range(0, train).Select(n => new[] { (byte)(n % 20), (byte)(n * 7 % 100) })]));
        File.WriteAllBytes(Path.Combine(directory, "test.bin"), CifarRecords([.. Enumerable.Range(0, test).Select(n => new[] { (byte)(n % 20), (byte)(n * 3 % 100) })]));
    }

    /// <summary>A CIFAR label-name file: one name per line; a blank line at the end, which the loader must skip.</summary>
    public static void LabelNames(string path, IReadOnlyList<string> names) =>
        File.WriteAllText(path, string.Concat(names.Select(n => n + "\n")) + "\n");

    public static void Text(string path, string text) => File.WriteAllText(path, text);
}
