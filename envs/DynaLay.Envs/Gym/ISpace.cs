namespace DynaLay.Envs.Gym;

/// <summary>The set of valid values of an observation or an action.</summary>
/// <typeparam name="T">The value type of the space's elements.</typeparam>
public interface ISpace<T>
{
    /// <summary>Whether <paramref name="value"/> is an element of this space.</summary>
    bool Contains(T value);

    /// <summary>Draws a random element using the space's own RNG (see <see cref="Seed"/>).</summary>
    T Sample();

    /// <summary>Reseeds the space's RNG so that subsequent <see cref="Sample"/> calls are reproducible.</summary>
    void Seed(int seed);
}
