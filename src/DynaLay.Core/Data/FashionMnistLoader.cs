using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>Fashion-MNIST from its four IDX files.</summary>
internal static class FashionMnistLoader
{
    [ModuleInitializer]
    internal static void Register() => DatasetCatalog.Register(new("fashion-mnist", Modality.Image, "IDX files (train/t10k images and labels), raw or .gz, 1x28x28, 10 classes",
        DefaultDirectory, "Debian package dataset-fashion-mnist, or https://github.com/zalandoresearch/fashion-mnist", Load));

    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    private const string Redownload =
        "Reinstall the Debian package dataset-fashion-mnist or download the file again from https://github.com/zalandoresearch/fashion-mnist.";

    /// <summary>Labels 0-9 as the dataset's README names them; the IDX files carry only the numbers.</summary>
    private static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private const string ClassNameSource = "built in, from the dataset's documentation (the IDX files carry none)";

    private static readonly string[] ExpectedFiles =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    public static Dataset Load(DatasetOptions options)
    {
        var directory = options.DataDir ?? DefaultDirectory;
        if (!Directory.Exists(directory))
        {
            throw new DatasetException(
                $"fashion-mnist: directory '{directory}' does not exist. Expected {string.Join(", ", ExpectedFiles.Select(f => f + "[.gz]"))} there. " +
                "Install them with `apt-get install dataset-fashion-mnist` (into /usr/share/datasets/fashion-mnist) " +
                "or download them from https://github.com/zalandoresearch/fashion-mnist and pass their directory as the data directory.");
        }

        var (trainDims, trainPixels, trainLabels) = ReadPart(directory, "train");
        var (testDims, testPixels, testLabels) = ReadPart(directory, "t10k");
        if (!trainDims[1..].SequenceEqual(testDims[1..]))
        {
            throw new DatasetException(
                $"fashion-mnist: training images in '{directory}' are {trainDims[1]}x{trainDims[2]} but test images are {testDims[1]}x{testDims[2]}; the files come from different datasets. {Redownload}");
        }

        var train = new ImagePart(tensor(trainPixels, [trainDims[0], 1, trainDims[1], trainDims[2]]), trainLabels);
        var test = new ImagePart(tensor(testPixels, [testDims[0], 1, testDims[1], testDims[2]]), testLabels);
        return DatasetAssembler.Images("fashion-mnist", ClassNames, ClassNameSource, train, test, ImageNormalization.FashionMnist, augmentTraining: false, options, directory);
    }

    private static (int[] Dimensions, byte[] Pixels, long[] Labels) ReadPart(string directory, string prefix)
    {
        var imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");
        var (imageDims, pixels) = IdxFile.Read(imagesPath, IdxFile.UnsignedByteImages, Redownload);
        var (labelDims, labelBytes) = IdxFile.Read(labelsPath, IdxFile.UnsignedByteLabels, Redownload);
        if (labelDims[0] != imageDims[0])
        {
            throw new DatasetException(
                $"fashion-mnist: '{labelsPath}' has {labelDims[0]} labels but '{imagesPath}' has {imageDims[0]} images; one of them is from another release or corrupt. {Redownload}");
        }

        var labels = new long[labelBytes.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labelBytes[i] >= ClassNames.Length)
            {
                throw new DatasetException(
                    $"fashion-mnist: label {labelBytes[i]} of record {i} in '{labelsPath}' is out of range 0..{ClassNames.Length - 1}; the file is corrupt. {Redownload}");
            }

            labels[i] = labelBytes[i];
        }

        return (imageDims, pixels, labels);
    }

    private static string Find(string directory, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new DatasetException(
            $"fashion-mnist: '{Path.Combine(directory, name)}' (or '{name}.gz') is missing. The directory must hold " +
            $"{string.Join(", ", ExpectedFiles.Select(f => f + "[.gz]"))}. {Redownload}");
    }
}
