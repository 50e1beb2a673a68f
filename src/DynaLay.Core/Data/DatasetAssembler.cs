using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>
/// Turns source splits into a <see cref="Dataset"/> the same way for every format: the optional
/// <see cref="DatasetOptions.Limit"/> subset, the seeded validation carve-out, compact tensors.
/// </summary>
public static class DatasetAssembler
{
    public const int TrainSubsetStream = 1;
    public const int TestSubsetStream = 2;
    public const int ValidationSubsetStream = 3;
    private const int CarveStream = 4;
    private const int CifarPadding = 4;

    /// <summary>Builds an image dataset; disposes <paramref name="train"/> and <paramref name="test"/>.</summary>
    public static Dataset Images(
        string name,
        IReadOnlyList<string> classNames,
        string classNameSource,
        ImagePart train,
        ImagePart test,
        ImageNormalization normalization,
        bool augmentTraining,
        DatasetOptions options,
        string? dataDirectory,
        IReadOnlyList<string>? warnings = null)
    {
        using (train)
        using (test)
        {
            var trainIndices = Subset(train.Count, options, TrainSubsetStream);
            var testIndices = Subset(test.Count, options, TestSubsetStream);
            var (fit, validation) = Carve(trainIndices, options);
            var padding = augmentTraining ? CifarPadding : 0;
            return new Dataset(
                name,
                Modality.Image,
                classNames,
                classNameSource,
                train.Pixels.shape[1..],
                vocabulary: null,
                ImageSplit("train", train, fit, normalization, padding),
                ImageSplit("validation", train, validation, normalization, 0),
                ImageSplit("test", test, testIndices, normalization, 0),
                dataDirectory,
                warnings: warnings);
        }
    }

    /// <summary>Builds a text dataset; the vocabulary comes from the training split only, or from the saved file.</summary>
    public static Dataset Texts(
        string name,
        IReadOnlyList<string> classNames,
        string classNameSource,
        IReadOnlyList<TextDocument> train,
        IReadOnlyList<TextDocument>? validation,
        IReadOnlyList<TextDocument> test,
        DatasetOptions options,
        string? dataDirectory,
        int lossyFiles = 0,
        IReadOnlyList<string>? warnings = null)
    {
        var trainIndices = Subset(train.Count, options, TrainSubsetStream);
        var testDocuments = Pick(test, Subset(test.Count, options, TestSubsetStream));
        IReadOnlyList<TextDocument> fitDocuments, validationDocuments;
        if (validation is null)
        {
            var (fit, held) = Carve(trainIndices, options);
            (fitDocuments, validationDocuments) = (Pick(train, fit), Pick(train, held));
        }
        else
        {
            fitDocuments = Pick(train, trainIndices);
            validationDocuments = Pick(validation, Subset(validation.Count, options, ValidationSubsetStream));
        }

        var fitTokens = fitDocuments.Select(d => TextTokenizer.Tokenize(d.Text).ToArray()).ToArray();
        var vocabulary = options.VocabularyPath is null
            ? Vocabulary.BuildFromTokens(fitTokens, options.VocabSize)
            : Vocabulary.Load(options.VocabularyPath);
        return new Dataset(
            name,
            Modality.Text,
            classNames,
            classNameSource,
            [options.MaxLength],
            vocabulary,
            TextSplit("train", fitDocuments, fitTokens, vocabulary, options.MaxLength),
            TextSplit("validation", validationDocuments, null, vocabulary, options.MaxLength),
            TextSplit("test", testDocuments, null, vocabulary, options.MaxLength),
            dataDirectory,
            lossyFiles,
            warnings);
    }

    /// <summary>The indices kept under <see cref="DatasetOptions.Limit"/>: all of them, or a sorted seeded subset.</summary>
    public static int[] Subset(int count, DatasetOptions options, int stream) =>
        Seeds.Choose(count, options.Limit ?? count, Seeds.Derive(options.Seed, stream));

    /// <summary>Splits training indices into (train, validation) by a seeded shuffle; both come back sorted.</summary>
    public static (int[] Train, int[] Validation) Carve(int[] indices, DatasetOptions options)
    {
        var held = (int)Math.Round(indices.Length * options.ValidationFraction);
        held = Math.Clamp(held, 0, Math.Max(0, indices.Length - 1));
        var shuffled = (int[])indices.Clone();
        new Random(Seeds.Derive(options.Seed, CarveStream)).Shuffle(shuffled);
        var validation = shuffled[..held];
        var train = shuffled[held..];
        Array.Sort(validation);
        Array.Sort(train);
        return (train, validation);
    }

    private static DataSplit ImageSplit(string name, ImagePart source, int[] indices, ImageNormalization normalization, int padding)
    {
        using var index = tensor(indices.Select(i => (long)i).ToArray());
        var pixels = source.Pixels.index_select(0, index);
        var labels = indices.Select(i => source.Labels[i]).ToArray();
        var difficulty = source.Difficulty is null ? null : indices.Select(i => source.Difficulty[i]).ToArray();
        return new DataSplit(name, pixels, labels, difficulty, normalization, padding);
    }

    private static DataSplit TextSplit(string name, IReadOnlyList<TextDocument> documents, string[][]? tokens, Vocabulary vocabulary, int maxLength)
    {
        var ids = new long[(long)documents.Count * maxLength];
        for (var i = 0; i < documents.Count; i++)
        {
            var encoded = vocabulary.EncodeTokens(tokens?[i] ?? TextTokenizer.Tokenize(documents[i].Text), maxLength);
            for (var t = 0; t < maxLength; t++)
            {
                ids[(long)i * maxLength + t] = encoded[t];
            }
        }

        var labels = documents.Select(d => d.Label).ToArray();
        var difficulty = documents.Count > 0 && !float.IsNaN(documents[0].Difficulty)
            ? documents.Select(d => d.Difficulty).ToArray()
            : null;
        return new DataSplit(name, tensor(ids, [documents.Count, maxLength]), labels, difficulty, normalization: null, augmentPadding: 0);
    }

    private static TextDocument[] Pick(IReadOnlyList<TextDocument> documents, int[] indices) =>
        indices.Select(i => documents[i]).ToArray();
}
