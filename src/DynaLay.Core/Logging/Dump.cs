namespace DynaLay.Logging;

/// <summary>
/// What a <see cref="Recorder"/> gathered between two dumps, at one step: scalars, histograms (the raw values) and texts,
/// each under a namespaced tag such as <c>rollout/reward</c>, in the order they were first recorded.
/// </summary>
public sealed record Dump(long Step, IReadOnlyList<KeyValuePair<string, double>> Scalars,
                          IReadOnlyList<KeyValuePair<string, double[]>> Histograms, IReadOnlyList<KeyValuePair<string, string>> Texts)
{
    public bool IsEmpty => Scalars.Count == 0 && Histograms.Count == 0 && Texts.Count == 0;

    public bool Has(string tag) => Scalars.Any(p => p.Key == tag);

    /// <summary>The scalar recorded under <paramref name="tag"/>.</summary>
    public double this[string tag] =>
        Scalars.FirstOrDefault(p => p.Key == tag) is { Key: not null } found ? found.Value
            : throw new KeyNotFoundException($"Nothing was recorded under '{tag}' before the dump at step {Step}.");
}
