namespace DynaLay.Data;

/// <summary>One entry of the catalogue: what the dataset is, how it is stored and where to get it.</summary>
public sealed record DatasetInfo(string Name, Modality Modality, string Format, string? DefaultDirectory, string Source);
