using System.Globalization;
using System.Text;

namespace DynaLay.Data;

/// <summary>
/// The result of <see cref="DatasetCatalog.Check"/>: sizes, shapes, the class names and where they come from,
/// and each split's samples per class when the dataset loads; otherwise the problem that stopped it; plus
/// warnings worth a look either way.
/// </summary>
public sealed class DatasetCheckReport
{
    internal DatasetCheckReport(
        string name,
        string? dataDirectory,
        Modality? modality,
        IReadOnlyList<string> classNames,
        string classNameSource,
        long[] sampleShape,
        int vocabSize,
        int lossyFiles,
        IReadOnlyList<SplitSummary> splits,
        IReadOnlyList<string> problems,
        IReadOnlyList<string> warnings)
    {
        Name = name;
        DataDirectory = dataDirectory;
        Modality = modality;
        ClassNames = classNames;
        ClassNameSource = classNameSource;
        SampleShape = sampleShape;
        VocabSize = vocabSize;
        LossyFiles = lossyFiles;
        Splits = splits;
        Problems = problems;
        Warnings = warnings;
    }

    public string Name { get; }

    public string? DataDirectory { get; }

    /// <summary>Null when the dataset could not be loaded.</summary>
    public Modality? Modality { get; }

    public int NumClasses => ClassNames.Count;

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Where the class names come from (<see cref="Dataset.ClassNameSource"/>); empty when the dataset could not be loaded.</summary>
    public string ClassNameSource { get; }

    public long[] SampleShape { get; }

    public int VocabSize { get; }

    /// <summary>Text files read lossily because they were not valid UTF-8.</summary>
    public int LossyFiles { get; }

    public IReadOnlyList<SplitSummary> Splits { get; }

    /// <summary>Errors that stop the dataset from loading; empty when it loads.</summary>
    public IReadOnlyList<string> Problems { get; }

    public IReadOnlyList<string> Warnings { get; }

    public bool Ok => Problems.Count == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"dataset   {Name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"directory {DataDirectory ?? "(generated)"}");
        if (Modality is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"modality  {Modality}");
            text.AppendLine(CultureInfo.InvariantCulture, $"classes   {NumClasses}, names {ClassNameSource}");
            text.AppendLine(CultureInfo.InvariantCulture, $"sample    [{string.Join(", ", SampleShape)}]");
            if (VocabSize > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"vocab     {VocabSize}");
            }

            foreach (var split in Splits)
            {
                text.Append(CultureInfo.InvariantCulture, $"{split.Name,-10}{split.Count,8} samples");
                if (split.UnknownTokenShare is { } unknown)
                {
                    text.Append(CultureInfo.InvariantCulture, $", {unknown:P1} <unk>, {split.TruncatedShare:P1} truncated");
                }

                text.AppendLine();
            }

            AppendClassTable(text);
        }

        foreach (var problem in Problems)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"problem:  {problem}");
        }

        foreach (var warning in Warnings)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"warning:  {warning}");
        }

        text.Append(Ok ? "ok" : "FAILED");
        return text.ToString();
    }

    /// <summary>One row per class: its label id, its name, and per split the samples that carry it and their share.</summary>
    private void AppendClassTable(StringBuilder text)
    {
        int nameWidth = Math.Max("class".Length, ClassNames.Count == 0 ? 0 : ClassNames.Max(n => n.Length));
        const int countWidth = 8;
        const int shareWidth = 7;
        text.Append(CultureInfo.InvariantCulture, $"{"label",5}  {"class".PadRight(nameWidth)}");
        foreach (var split in Splits)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {split.Name.PadLeft(countWidth + shareWidth)}");
        }

        text.AppendLine();
        for (int label = 0; label < ClassNames.Count; label++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{label,5}  {ClassNames[label].PadRight(nameWidth)}");
            foreach (var split in Splits)
            {
                string share = split.ClassShare(label) is { } s ? (100 * s).ToString("F1", CultureInfo.InvariantCulture) + "%" : "-";
                text.Append(CultureInfo.InvariantCulture, $"  {split.ClassCounts[label],countWidth}{share,shareWidth}");
            }

            text.AppendLine();
        }
    }
}
