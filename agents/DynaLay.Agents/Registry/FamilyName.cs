using System.Globalization;

namespace DynaLay.Agents;

/// <summary>Reads the parameters written in a family's name, e.g. K and P of <c>threshold:K:P</c>.</summary>
internal static class FamilyName
{
    /// <summary>The layer K, the first parameter; <paramref name="count"/> is how many the pattern has.</summary>
    public static int Layer(string pattern, string[] parameters, int count, AgentContext ctx)
    {
        if (parameters.Length != count
            || !int.TryParse(parameters[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int k))
            throw new ArgumentException($"'{Written(pattern, parameters)}': write {pattern} with a layer K in 1..{ctx.NumLayers}{(count > 1 ? " and a probability P in (0, 1], e.g. threshold:1:0.3" : "")}.");
        return k;
    }

    /// <summary>The probability P, the second parameter.</summary>
    public static double Probability(string pattern, string[] parameters)
    {
        if (!double.TryParse(parameters[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
            throw new ArgumentException($"'{Written(pattern, parameters)}': P must be a number in (0, 1], e.g. threshold:1:0.3.");
        return p;
    }

    private static string Written(string pattern, string[] parameters) =>
        string.Join(':', [pattern[..pattern.IndexOf(':')], .. parameters]);
}
