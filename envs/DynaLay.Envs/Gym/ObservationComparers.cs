namespace DynaLay.Envs.Gym;

/// <summary>Default equality for observations, used by <see cref="EnvChecker"/> when no comparer is given.</summary>
public static class ObservationComparers
{
    /// <summary>
    /// <see cref="FloatArrayComparer"/> for <c>float[]</c>, element-wise equality for other one-dimensional arrays
    /// (e.g. <c>int[]</c>, <c>double[]</c>), and <see cref="EqualityComparer{T}.Default"/> otherwise (e.g. <c>int</c>).
    /// </summary>
    public static IEqualityComparer<T> Default<T>()
    {
        if (typeof(T) == typeof(float[]))
        {
            return (IEqualityComparer<T>)(object)FloatArrayComparer.Instance;
        }

        if (typeof(T).IsSZArray)
        {
            return new ArrayElementComparer<T>();
        }

        return EqualityComparer<T>.Default;
    }
}
