using System.Globalization;
using System.Text;

namespace DynaLay.Data;

/// <summary>
/// The result of <see cref="DatasetCatalog.Check"/>: sizes and shapes when the dataset loads, otherwise the
/// problem that stopped it, plus warnings worth a look either way.
/// </summary>
public sealed class DatasetCheckReport
{
    internal DatasetCheckReport(
        string name,
        string? dataDirectory,
        Modality? modality,
        IReadOnlyList<string> classNames,
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
            text.AppendLine(CultureInfo.InvariantCulture, $"classes   {NumClasses}");
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
}
