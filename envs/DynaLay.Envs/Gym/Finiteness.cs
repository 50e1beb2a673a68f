namespace DynaLay.Envs.Gym;

/// <summary>Finds NaN or infinity in observations of the common numeric shapes; other types count as finite.</summary>
internal static class Finiteness
{
    public static bool IsFinite(object? value) => value switch
    {
        null => true,
        float f => float.IsFinite(f),
        double d => double.IsFinite(d),
        Half h => Half.IsFinite(h),
        float[] fs => Array.TrueForAll(fs, float.IsFinite),
        double[] ds => Array.TrueForAll(ds, double.IsFinite),
        IEnumerable<float> fe => fe.All(float.IsFinite),
        IEnumerable<double> de => de.All(double.IsFinite),
        _ => true,
    };
}
