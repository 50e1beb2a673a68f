namespace DynaLay.Bench;

/// <summary>
/// A workload whose code does not exist yet: listed, selectable, and reported as skipped with a note,
/// so that the table keeps its shape until the real workload replaces it in the registry.
/// </summary>
public sealed class PlaceholderWorkload(string name, string description, string note) : IBenchWorkload
{
    public string Name => name;
    public string Description => description;
    public void Run(BenchContext context) => context.Add(BenchRow.Skip(name, note));
}
