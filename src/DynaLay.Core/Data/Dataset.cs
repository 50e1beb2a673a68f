namespace DynaLay.Data;

/// <summary>A loaded dataset: three splits plus what a network needs to know to read them.</summary>
public sealed class Dataset : IDisposable
{
    internal Dataset(
        string name,
        Modality modality,
        IReadOnlyList<string> classNames,
        string classNameSource,
        long[] sampleShape,
        Vocabulary? vocabulary,
        DataSplit train,
        DataSplit validation,
        DataSplit test,
        string? dataDirectory = null,
        int lossyFiles = 0,
        IReadOnlyList<string>? warnings = null)
    {
        Name = name;
        Modality = modality;
        ClassNames = classNames;
        ClassNameSource = classNameSource;
        SampleShape = sampleShape;
        Vocabulary = vocabulary;
        Train = train;
        Validation = validation;
        Test = test;
        DataDirectory = dataDirectory;
        LossyFiles = lossyFiles;
        Warnings = warnings ?? [];
    }

    public string Name { get; }

    public Modality Modality { get; }

    public int NumClasses => ClassNames.Count;

    /// <summary>Label id to class name.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Where the class names come from, completing "names ...": "from batches.meta.txt", "built in", and so on.</summary>
    public string ClassNameSource { get; }

    /// <summary>Image: [C,H,W]; text: [MaxLength].</summary>
    public long[] SampleShape { get; }

    /// <summary>Text: vocabulary size including &lt;pad&gt; and &lt;unk&gt;; image: 0.</summary>
    public int VocabSize => Vocabulary?.Count ?? 0;

    /// <summary>Text only. Save it next to a trained model so later commands tokenise the same way.</summary>
    public Vocabulary? Vocabulary { get; }

    public DataSplit Train { get; }

    public DataSplit Validation { get; }

    public DataSplit Test { get; }

    /// <summary>The directory the files were read from; null for generated datasets.</summary>
    public string? DataDirectory { get; }

    /// <summary>Text files that were not valid UTF-8 and were read with replacement characters.</summary>
    public int LossyFiles { get; }

    /// <summary>Things that did not stop loading but deserve a look (lossy files, for instance).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public IEnumerable<DataSplit> Splits => [Train, Validation, Test];

    /// <summary>Handed out by <see cref="DatasetCatalog.Share"/>: its users' Dispose leaves it loaded for the next one.</summary>
    internal bool Shared { get; set; }

    public void Dispose()
    {
        if (Shared) return;
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
