using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>The datasets DynaLay knows, and the one entry point that loads or checks any of them.</summary>
public static class DatasetCatalog
{
    private const double UnknownTokenWarning = 0.05;
    private const double TruncatedWarning = 0.5;

    private static readonly DatasetInfo[] Infos =
    [
        new("synthetic", Modality.Image, "generated from the seed, 3x32x32, 10 classes, per-sample difficulty", null, "built in"),
        new("synthetic-text", Modality.Text, "generated from the seed, 4 classes, per-sample difficulty", null, "built in"),
        new("fashion-mnist", Modality.Image, "IDX files (train/t10k images and labels), raw or .gz, 1x28x28, 10 classes",
            FashionMnistLoader.DefaultDirectory, "Debian package dataset-fashion-mnist, or https://github.com/zalandoresearch/fashion-mnist"),
        new("cifar10", Modality.Image, "binary version: data_batch_1..5.bin, test_batch.bin, 3x32x32, 10 classes",
            CifarLoader.Cifar10DefaultDirectory, CifarLoader.Cifar10Source),
        new("cifar100", Modality.Image, "binary version: train.bin, test.bin, 3x32x32, 100 fine or 20 coarse classes",
            CifarLoader.Cifar100DefaultDirectory, CifarLoader.Cifar100Source),
        new("imdb", Modality.Text, "aclImdb/{train,test}/{pos,neg}/*.txt, 2 classes",
            ImdbLoader.DefaultDirectory, ImdbLoader.Source),
        new("text-folder", Modality.Text, "<root>/{train,test[,validation|val]}/<class>/*.txt, UTF-8",
            null, "your own corpus"),
    ];

    public static IReadOnlyList<DatasetInfo> All => Infos;

    /// <summary>Loads a dataset; any problem with the data comes out as a <see cref="DatasetException"/> saying how to fix it.</summary>
    public static Dataset Load(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = Normalise(options.Name);
        if (Infos.All(i => i.Name != name))
        {
            throw new DatasetException(
                $"Unknown dataset '{options.Name}'. Valid names: {string.Join(", ", Infos.Select(i => i.Name))} (`dynalay data list` describes them).");
        }

        Validate(options, name);
        var shared = Shared.Value;
        if (shared is not null && shared.TryGetValue(options, out var loaded)) return loaded;
        loaded = LoadNew(options, name);
        if (shared is not null)
        {
            loaded.Shared = true;
            shared[options] = loaded;
        }
        return loaded;
    }

    // Per flow of execution: a comparison's sharing never reaches work running beside it in the same process.
    private static readonly AsyncLocal<Dictionary<DatasetOptions, Dataset>?> Shared = new();

    /// <summary>
    /// While the returned scope lives, loading the same options again returns the dataset already loaded (the
    /// cells of a comparison read the same data one after another); disposing it then does nothing. Ending the
    /// scope frees them all.
    /// </summary>
    public static IDisposable Share()
    {
        if (Shared.Value is not null) throw new InvalidOperationException("Datasets are already shared.");
        Shared.Value = [];
        return new SharedScope();
    }

    private sealed class SharedScope : IDisposable
    {
        public void Dispose()
        {
            foreach (var d in Shared.Value ?? []) { d.Value.Shared = false; d.Value.Dispose(); }
            Shared.Value = null;
        }
    }

    private static Dataset LoadNew(DatasetOptions options, string name)
    {
        return name switch
        {
            "synthetic" => LoadSynthetic(options),
            "synthetic-text" => LoadSyntheticText(options),
            "fashion-mnist" => FashionMnistLoader.Load(options),
            "cifar10" => CifarLoader.LoadCifar10(options),
            "cifar100" => CifarLoader.LoadCifar100(options),
            "imdb" => ImdbLoader.Load(options),
            "text-folder" => TextFolderLoader.Load(options),
            _ => throw new System.Diagnostics.UnreachableException($"Dataset '{name}' is listed but has no loader."),
        };
    }

    /// <summary>Loads the dataset and reports what it holds; a failure to load is reported, not thrown.</summary>
    public static DatasetCheckReport Check(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dataset dataset;
        try
        {
            dataset = Load(options);
        }
        catch (DatasetException e)
        {
            return new DatasetCheckReport(options.Name, options.DataDir, null, [], string.Empty, [], 0, 0, [], [e.Message], []);
        }

        using (dataset)
        {
            var warnings = new List<string>(dataset.Warnings);
            var splits = dataset.Splits.Select(s => Summarise(dataset, s)).ToArray();
            foreach (var split in splits)
            {
                if (split.Count == 0 && (split.Name != "validation" || options.ValidationFraction > 0))
                {
                    warnings.Add($"{dataset.Name}: the {split.Name} split is empty.");
                }

                if (split.UnknownTokenShare > UnknownTokenWarning)
                {
                    warnings.Add($"{dataset.Name}: {split.UnknownTokenShare:P1} of the {split.Name} tokens are <unk>; a larger VocabSize or the training vocabulary may fit better.");
                }

                if (split.TruncatedShare > TruncatedWarning)
                {
                    warnings.Add($"{dataset.Name}: {split.TruncatedShare:P1} of the {split.Name} texts fill all {options.MaxLength} tokens and are probably cut; consider a larger MaxLength.");
                }
            }

            var missing = splits[0].ClassCounts.Select((n, label) => (n, label)).Where(c => c.n == 0).Select(c => dataset.ClassNames[c.label]).ToArray();
            if (missing.Length > 0 && splits[0].Count > 0)
            {
                warnings.Add($"{dataset.Name}: the training split has no samples of {missing.Length} class(es): {string.Join(", ", missing.Take(10))}.");
            }

            return new DatasetCheckReport(
                dataset.Name,
                dataset.DataDirectory,
                dataset.Modality,
                dataset.ClassNames,
                dataset.ClassNameSource,
                dataset.SampleShape,
                dataset.VocabSize,
                dataset.LossyFiles,
                splits,
                [],
                warnings);
        }
    }

    private static string Normalise(string? name) => (name ?? string.Empty).Trim().ToLowerInvariant();

    /// <summary>Rejects option values no loader can honour, before any file is read.</summary>
    private static void Validate(DatasetOptions options, string name)
    {
        var problems = new List<string>();
        if (double.IsNaN(options.ValidationFraction) || options.ValidationFraction is < 0 or >= 1)
        {
            problems.Add($"ValidationFraction must be in [0, 1) (got {options.ValidationFraction})");
        }

        if (options.Limit is <= 0)
        {
            problems.Add($"Limit must be positive (got {options.Limit}); leave it unset to use every sample");
        }

        var modality = Infos.Single(i => i.Name == name).Modality;
        if (modality == Modality.Text && options.MaxLength <= 0)
        {
            problems.Add($"MaxLength must be positive (got {options.MaxLength})");
        }

        if (modality == Modality.Text && options.VocabularyPath is null && options.VocabSize <= 0)
        {
            problems.Add($"VocabSize must be positive (got {options.VocabSize})");
        }

        if (name.StartsWith("synthetic", StringComparison.Ordinal) && (options.SyntheticTrain <= 0 || options.SyntheticTest <= 0))
        {
            problems.Add($"SyntheticTrain ({options.SyntheticTrain?.ToString() ?? "default"}) and SyntheticTest ({options.SyntheticTest}) must be positive");
        }

        if (problems.Count > 0)
        {
            throw new DatasetException($"{name}: {string.Join("; ", problems)}.");
        }
    }

    private static Dataset LoadSynthetic(DatasetOptions options)
    {
        var (trainCount, testCount) = SyntheticSizes(options);
        var train = SyntheticImages.Generate(trainCount, Seeds.Derive(options.Seed, 10));
        var test = SyntheticImages.Generate(testCount, Seeds.Derive(options.Seed, 11));
        return DatasetAssembler.Images("synthetic", SyntheticImages.ClassNames, "built in", train, test, SyntheticImages.Normalization, augmentTraining: false, options, null);
    }

    private static Dataset LoadSyntheticText(DatasetOptions options)
    {
        var (trainCount, testCount) = SyntheticSizes(options);
        var train = SyntheticText.Generate(trainCount, Seeds.Derive(options.Seed, 20), options.MaxLength);
        var test = SyntheticText.Generate(testCount, Seeds.Derive(options.Seed, 21), options.MaxLength);
        return DatasetAssembler.Texts("synthetic-text", SyntheticText.ClassNames, "built in", train, null, test, options, null);
    }

    private static (int Train, int Test) SyntheticSizes(DatasetOptions options)
    {
        // For generated data the cap simply means generating fewer samples.
        var limit = options.Limit ?? int.MaxValue;
        var train = options.SyntheticTrain
                    ?? (Normalise(options.Name) == "synthetic" ? DatasetOptions.SyntheticImageTrainDefault : DatasetOptions.SyntheticTextTrainDefault);
        return (Math.Min(train, limit), Math.Min(options.SyntheticTest, limit));
    }

    private static SplitSummary Summarise(Dataset dataset, DataSplit split)
    {
        var counts = split.ClassCounts(dataset.NumClasses);
        if (dataset.Modality != Modality.Text || split.Count == 0)
        {
            return new SplitSummary(split.Name, split.Count, counts, null, null);
        }

        using var scope = NewDisposeScope();
        var ids = split.RawSamples;
        var tokens = ids.ne(Vocabulary.PadId).sum().item<long>();
        var unknown = ids.eq(Vocabulary.UnkId).sum().item<long>();
        var full = ids[.., -1].ne(Vocabulary.PadId).sum().item<long>();
        return new SplitSummary(
            split.Name,
            split.Count,
            counts,
            tokens == 0 ? 0 : (double)unknown / tokens,
            (double)full / split.Count);
    }
}
