namespace DynaLay.Bench;

/// <summary>A named benchmark; adds its rows and targets to the context.</summary>
public interface IBenchWorkload
{
    string Name { get; }
    string Description { get; }
    void Run(BenchContext context);
}
