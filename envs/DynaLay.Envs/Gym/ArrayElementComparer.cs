using System.Collections;

namespace DynaLay.Envs.Gym;

/// <summary>Element-wise equality for a one-dimensional array type, where the default comparer would compare references.</summary>
internal sealed class ArrayElementComparer<T> : IEqualityComparer<T>
{
    public bool Equals(T? x, T? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is not IStructuralEquatable a || y is null)
        {
            return false;
        }

        return a.Equals(y, StructuralComparisons.StructuralEqualityComparer);
    }

    public int GetHashCode(T obj) =>
        obj is IStructuralEquatable a ? a.GetHashCode(StructuralComparisons.StructuralEqualityComparer) : 0;
}
