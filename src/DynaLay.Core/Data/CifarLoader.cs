using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>CIFAR-10 and CIFAR-100 from the official binary versions.</summary>
internal static class CifarLoader
{
    [ModuleInitializer]
    internal static void RegisterCifar10() => DatasetCatalog.Register(new("cifar10", Modality.Image, "binary version: data_batch_1..5.bin, test_batch.bin, 3x32x32, 10 classes",
        Cifar10DefaultDirectory, Cifar10Source, LoadCifar10));

    [ModuleInitializer]
    internal static void RegisterCifar100() => DatasetCatalog.Register(new("cifar100", Modality.Image, "binary version: train.bin, test.bin, 3x32x32, 100 fine or 20 coarse classes",
        Cifar100DefaultDirectory, Cifar100Source, LoadCifar100));

    public const string Cifar10DefaultDirectory = "data/cifar10";
    public const string Cifar100DefaultDirectory = "data/cifar100";
    public const string Cifar10Source = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    public const string Cifar100Source = "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz";

    private const int Channels = 3;
    private const int Side = 32;
    private const int PixelBytes = Channels * Side * Side;

    private static readonly string[] Cifar10Classes =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static Dataset LoadCifar10(DatasetOptions options)
    {
        var spec = new Format(
            "cifar10",
            "cifar-10-batches-bin",
            [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")],
            "test_batch.bin",
            LabelBytes: 1,
            LabelOffset: 0,
            NumClasses: 10,
            Cifar10Source);
        var directory = Resolve(options.DataDir ?? Cifar10DefaultDirectory, spec);
        var names = ReadNames(spec, directory, "batches.meta.txt", Cifar10Classes, "built in (the standard CIFAR-10 names)");
        return Assemble(spec, directory, names, ImageNormalization.Cifar10, options);
    }

    public static Dataset LoadCifar100(DatasetOptions options)
    {
        var coarse = options.CoarseLabels;
        var spec = new Format(
            "cifar100",
            "cifar-100-binary",
            ["train.bin"],
            "test.bin",
            LabelBytes: 2,
            LabelOffset: coarse ? 0 : 1,
            NumClasses: coarse ? 20 : 100,
            Cifar100Source);
        var directory = Resolve(options.DataDir ?? Cifar100DefaultDirectory, spec);
        var names = ReadNames(
            spec,
            directory,
            coarse ? "coarse_label_names.txt" : "fine_label_names.txt",
            [.. Enumerable.Range(0, spec.NumClasses).Select(i => $"{(coarse ? "superclass" : "class")}_{i}")],
            "numbered");
        return Assemble(spec, directory, names, ImageNormalization.Cifar100, options);
    }

    private static Dataset Assemble(Format spec, string directory, LabelNames names, ImageNormalization normalization, DatasetOptions options)
    {
        var (trainPixels, trainLabels) = ReadFiles(spec, directory, spec.TrainFiles);
        var (testPixels, testLabels) = ReadFiles(spec, directory, [spec.TestFile]);
        var train = new ImagePart(tensor(trainPixels, [trainLabels.Length, Channels, Side, Side]), trainLabels);
        var test = new ImagePart(tensor(testPixels, [testLabels.Length, Channels, Side, Side]), testLabels);
        return DatasetAssembler.Images(spec.Name, names.Names, names.Source, train, test, normalization, options.Augment, options, directory, names.Warnings);
    }

    /// <summary>The official archives unpack into a subfolder; accept either it or the folder holding it.</summary>
    private static string Resolve(string directory, Format spec)
    {
        var nested = Path.Combine(directory, spec.ArchiveFolder);
        if (Directory.Exists(nested))
        {
            return nested;
        }

        if (Directory.Exists(directory))
        {
            return directory;
        }

        throw new DatasetException(
            $"{spec.Name}: directory '{directory}' does not exist. Expected {string.Join(", ", spec.AllFiles)} in it or in its {spec.ArchiveFolder}/ subfolder. " +
            $"Download and unpack {spec.Source} (the binary version), then pass the directory as the data directory.");
    }

    private static (byte[] Pixels, long[] Labels) ReadFiles(Format spec, string directory, string[] files)
    {
        var contents = files.Select(f => ReadRecords(spec, Path.Combine(directory, f))).ToArray();
        var total = contents.Sum(c => c.Length / spec.RecordSize);
        var pixels = new byte[(long)total * PixelBytes];
        var labels = new long[total];
        var n = 0;
        for (var f = 0; f < files.Length; f++)
        {
            var bytes = contents[f];
            for (var offset = 0; offset < bytes.Length; offset += spec.RecordSize, n++)
            {
                var label = bytes[offset + spec.LabelOffset];
                if (label >= spec.NumClasses)
                {
                    throw new DatasetException(
                        $"{spec.Name}: label {label} of record {offset / spec.RecordSize} in '{Path.Combine(directory, files[f])}' is out of range 0..{spec.NumClasses - 1}; " +
                        $"the file is corrupt or from another dataset. Download it again from {spec.Source}.");
                }

                labels[n] = label;
                Buffer.BlockCopy(bytes, offset + spec.LabelBytes, pixels, n * PixelBytes, PixelBytes);
            }
        }

        return (pixels, labels);
    }

    private static byte[] ReadRecords(Format spec, string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException(
                $"{spec.Name}: '{path}' is missing. The directory must hold {string.Join(", ", spec.AllFiles)}. Download and unpack {spec.Source} (the binary version).");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % spec.RecordSize != 0)
        {
            throw new DatasetException(
                $"{spec.Name}: '{path}' is {bytes.Length} bytes, not a whole number of {spec.RecordSize}-byte records " +
                $"({spec.LabelBytes} label byte{(spec.LabelBytes > 1 ? "s" : string.Empty)} + {PixelBytes} pixel bytes); it is truncated or corrupt. Download it again from {spec.Source}.");
        }

        return bytes;
    }

    /// <summary>
    /// Class names from the archive's label-name file (one name per line, as the binary versions ship them) when it
    /// is there and names every class; otherwise <paramref name="fallback"/>, with a warning when the file was there.
    /// </summary>
    private static LabelNames ReadNames(Format spec, string directory, string file, string[] fallback, string fallbackSource)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            return new LabelNames(fallback, $"{fallbackSource}: no {file}", []);
        }

        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != spec.NumClasses)
        {
            return new LabelNames(
                fallback,
                $"{fallbackSource}: {file} unusable",
                [$"{spec.Name}: '{path}' names {names.Length} classes, not {spec.NumClasses}; the classes are {fallbackSource} instead. Unpack {spec.Source} again to restore it."]);
        }

        return new LabelNames(names, $"from {file}", []);
    }

    private sealed record LabelNames(string[] Names, string Source, string[] Warnings);

    private sealed record Format(
        string Name,
        string ArchiveFolder,
        string[] TrainFiles,
        string TestFile,
        int LabelBytes,
        int LabelOffset,
        int NumClasses,
        string Source)
    {
        public int RecordSize => LabelBytes + PixelBytes;

        public IEnumerable<string> AllFiles => [.. TrainFiles, TestFile];
    }
}
