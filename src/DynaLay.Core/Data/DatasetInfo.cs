namespace DynaLay.Data;

/// <summary>
/// One entry of the catalogue: what the dataset is, how it is stored, where to get it, and its reader. A dataset's
/// file registers its own entry (a <c>[ModuleInitializer]</c> calling <see cref="DatasetCatalog.Register"/>).
/// </summary>
/// <param name="Load">
/// Reads the files (or generates the samples) into a <see cref="Dataset"/>, usually through
/// <see cref="DatasetAssembler"/>; any problem with the data is a <see cref="DatasetException"/> saying how to fix it.
/// </param>
public sealed record DatasetInfo(string Name, Modality Modality, string Format, string? DefaultDirectory, string Source,
                                 Func<DatasetOptions, Dataset> Load);
