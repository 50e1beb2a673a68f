namespace DynaLay.Bench;

/// <summary>Runs the selected workloads of a registry and gathers the report.</summary>
public static class BenchRunner
{
    /// <param name="afterEach">Gets the report so far after every workload, so a long run that is stopped still leaves its figures.</param>
    public static BenchReport Run(BenchRegistry registry, IReadOnlyList<string> names, BenchContext context, Action<BenchReport>? afterEach = null)
    {
        var started = DateTimeOffset.Now;
        var selected = new List<IBenchWorkload>();
        foreach (var name in names)
        {
            if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                selected.AddRange(registry.Workloads);
                continue;
            }
            selected.Add(registry.Find(name)
                ?? throw new ArgumentException($"Unknown workload '{name}'. Workloads: all, {string.Join(", ", registry.Workloads.Select(w => w.Name))}."));
        }
        selected = selected.DistinctBy(w => w.Name).ToList();
        BenchReport Report() => new()
        {
            Started = started,
            Machine = MachineInfo.Current(),
            Options = context.Options,
            Workloads = selected.Select(w => w.Name).ToArray(),
            Rows = context.Rows.ToArray(),
            Targets = context.Targets.ToArray(),
        };
        foreach (var w in selected)
        {
            w.Run(context);
            afterEach?.Invoke(Report());
        }
        return Report();
    }
}
