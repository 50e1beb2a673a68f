namespace DynaLay.Data;

/// <summary>Options for loading any dataset. Defaults are the documented ones.</summary>
public sealed record DatasetOptions
{
    /// <summary>synthetic | synthetic-text | fashion-mnist | cifar10 | cifar100 | imdb | text-folder</summary>
    public string Name { get; init; } = "synthetic";

    /// <summary>Where the files are; null means the dataset's default directory (see <see cref="DatasetCatalog.All"/>).</summary>
    public string? DataDir { get; init; }

    /// <summary>Fixes the validation carve-out, the <see cref="Limit"/> subset and synthetic generation.</summary>
    public int Seed { get; init; } = 0;

    /// <summary>Share of the training data held out as the validation split (unless the dataset ships one).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Optional cap on the samples taken from each source split (a seeded random subset), for quick runs.</summary>
    public int? Limit { get; init; }

    /// <summary>cifar100: the 20 coarse classes instead of the 100 fine ones.</summary>
    public bool CoarseLabels { get; init; }

    /// <summary>Text: every sequence is padded or truncated to this many tokens.</summary>
    public int MaxLength { get; init; } = 128;

    /// <summary>Text: keep the N most frequent training words; &lt;pad&gt; and &lt;unk&gt; come on top.</summary>
    public int VocabSize { get; init; } = 10000;

    /// <summary>Text: tokenise with this saved vocabulary instead of building one, so later commands agree with training.</summary>
    public string? VocabularyPath { get; init; }

    /// <summary>cifar training augmentation: random crop with 4-pixel padding and horizontal flip.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>
    /// Generated training samples (validation included); null: the dataset's default, 24,000 for synthetic (so that the
    /// main network cannot memorise the split an agent then trains on) and 4,000 for synthetic-text.
    /// </summary>
    public int? SyntheticTrain { get; init; }

    public const int SyntheticImageTrainDefault = 24_000;
    public const int SyntheticTextTrainDefault = 4_000;

    public int SyntheticTest { get; init; } = 1000;

    /// <summary>Generated train and test sizes: the given or default counts, capped by <see cref="Limit"/>.</summary>
    public (int Train, int Test) SyntheticSizes(int trainDefault)
    {
        var limit = Limit ?? int.MaxValue;
        return (Math.Min(SyntheticTrain ?? trainDefault, limit), Math.Min(SyntheticTest, limit));
    }
}
