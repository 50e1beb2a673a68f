namespace DynaLay.Bench;

/// <summary>The workloads by name, in table order; a new workload is a class and a line in <see cref="Default"/>.</summary>
public sealed class BenchRegistry
{
    private readonly List<IBenchWorkload> workloads = [];

    public IReadOnlyList<IBenchWorkload> Workloads => workloads;

    /// <summary>Adds a workload, or replaces the one of the same name in its place.</summary>
    public BenchRegistry Add(IBenchWorkload workload)
    {
        int at = workloads.FindIndex(w => w.Name == workload.Name);
        if (at >= 0) workloads[at] = workload;
        else workloads.Add(workload);
        return this;
    }

    public IBenchWorkload? Find(string name) => workloads.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every workload this assembly can run.</summary>
    public static BenchRegistry Default() => new BenchRegistry()
        .Add(new TrainStepWorkload())
        .Add(new EvalStepWorkload())
        .Add(new EnvStepWorkload())
        .Add(new MixWorkload())
        .Add(new AgentWorkload())
        .Add(new TableWorkload())
        .Add(new MemoryWorkload());
}
