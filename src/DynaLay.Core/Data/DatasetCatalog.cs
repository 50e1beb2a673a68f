using static TorchSharp.torch;

namespace DynaLay.Data;

/// <summary>The datasets DynaLay knows, and the one entry point that loads or checks any of them.</summary>
public static class DatasetCatalog
{
    private const double UnknownTokenWarning = 0.05;
    private const double TruncatedWarning = 0.5;

    private static readonly List<DatasetInfo> Entries = [];
    private static readonly object Gate = new();

    /// <summary>Adds a dataset; its name must be new.</summary>
    public static void Register(DatasetInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (Gate)
        {
            if (Entries.Any(e => e.Name == info.Name)) throw new InvalidOperationException($"A dataset named '{info.Name}' is already registered.");
            Entries.Add(info);
        }
    }

    /// <summary>Every registered dataset, by name.</summary>
    public static IReadOnlyList<DatasetInfo> All
    {
        get
        {
            lock (Gate) return Entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
    }


    /// <summary>Loads a dataset; any problem with the data comes out as a <see cref="DatasetException"/> saying how to fix it.</summary>
    public static Dataset Load(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = Normalise(options.Name);
        var info = All.FirstOrDefault(i => i.Name == name)
                   ?? throw new DatasetException(
                       $"Unknown dataset '{options.Name}'. Valid names: {string.Join(", ", All.Select(i => i.Name))} (`dynalay data list` describes them).");

        Validate(options, info);
        var shared = Shared.Value;
        if (shared is not null && shared.TryGetValue(options, out var loaded)) return loaded;
        loaded = info.Load(options);
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
    private static void Validate(DatasetOptions options, DatasetInfo info)
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

        var (name, modality) = (info.Name, info.Modality);
        if (modality == Modality.Text && options.MaxLength <= 0)
        {
            problems.Add($"MaxLength must be positive (got {options.MaxLength})");
        }

        if (modality == Modality.Text && options.VocabularyPath is null && options.VocabSize <= 0)
        {
            problems.Add($"VocabSize must be positive (got {options.VocabSize})");
        }

        if (options.SyntheticTrain <= 0 || options.SyntheticTest <= 0)
        {
            problems.Add($"SyntheticTrain ({options.SyntheticTrain?.ToString() ?? "default"}) and SyntheticTest ({options.SyntheticTest}) must be positive");
        }

        if (problems.Count > 0)
        {
            throw new DatasetException($"{name}: {string.Join("; ", problems)}.");
        }
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
