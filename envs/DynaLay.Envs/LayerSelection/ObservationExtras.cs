namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// Features an observation can carry beside each layer's pooled activation and the prediction's confidence
/// (<see cref="ObservationLayout"/>), chosen with <see cref="LayerSelectionOptions.Observation"/>.
/// </summary>
[Flags]
public enum ObservationExtras
{
    None = 0,

    /// <summary>Per layer and channel, the activation's standard deviation over space (images) or over a text's tokens.</summary>
    Spread = 1,

    /// <summary>The top-2 margin: the largest softmax probability minus the second largest.</summary>
    Margin = 2,

    /// <summary>
    /// Per layer, one fixed-point iteration's relative residual at the layer's current output: how far it is from its
    /// fixed point. Computing it costs one iteration of every layer whose output changed, which the environment charges.
    /// </summary>
    Probe = 4,
}

/// <summary>Reads and writes <see cref="ObservationExtras"/> as the command line and run files spell them: none | spread,margin,probe.</summary>
public static class ObservationExtrasText
{
    public static ObservationExtras Parse(string? text)
    {
        var extras = ObservationExtras.None;
        foreach (var word in (text ?? "none").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            extras |= word.ToLowerInvariant() switch
            {
                "none" => ObservationExtras.None,
                "spread" => ObservationExtras.Spread,
                "margin" => ObservationExtras.Margin,
                "probe" => ObservationExtras.Probe,
                _ => throw new ArgumentException($"observation extra '{word}' is not one of none, spread, margin, probe."),
            };
        }
        return extras;
    }

    public static string Format(ObservationExtras extras) =>
        extras == ObservationExtras.None ? "none" : string.Join(',', new[] { "spread", "margin", "probe" }.Where((_, i) => extras.HasFlag((ObservationExtras)(1 << i))));
}
