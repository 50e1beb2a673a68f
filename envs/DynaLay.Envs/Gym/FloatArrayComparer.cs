namespace DynaLay.Envs.Gym;

/// <summary>
/// Element-wise exact equality of <see cref="float"/> arrays. Uses <see cref="float.Equals(float)"/>, so NaN equals
/// NaN: determinism checks then judge reproducibility alone and leave NaN to the finiteness checks.
/// </summary>
public sealed class FloatArrayComparer : IEqualityComparer<float[]>
{
    /// <summary>The shared instance.</summary>
    public static FloatArrayComparer Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals(float[]? x, float[]? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!x[i].Equals(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public int GetHashCode(float[] obj)
    {
        if (obj is null)
        {
            return 0;
        }

        var hash = default(HashCode);
        foreach (var value in obj)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
