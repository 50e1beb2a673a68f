namespace DynaLay.Data;

/// <summary>What <see cref="DatasetCatalog.Check"/> found in one split.</summary>
/// <param name="ClassCounts">Samples per label id.</param>
/// <param name="UnknownTokenShare">Text: share of non-padding tokens that are &lt;unk&gt;; null for images.</param>
/// <param name="TruncatedShare">Text: share of samples that filled all MaxLength positions and so were probably cut; null for images.</param>
public sealed record SplitSummary(string Name, int Count, long[] ClassCounts, double? UnknownTokenShare, double? TruncatedShare)
{
    /// <summary>The share of the split's samples that carry <paramref name="label"/>; null when the split is empty.</summary>
    public double? ClassShare(int label) => Count == 0 ? null : (double)ClassCounts[label] / Count;
}
