namespace DynaLay.Bench;

/// <summary>Settings of one benchmark run. Defaults are the ones the published table uses.</summary>
public sealed record BenchOptions
{
    /// <summary>Timed steps per repeat.</summary>
    public int Steps { get; init; } = 10;

    /// <summary>Untimed steps before the first repeat (allocator, thread pool and JIT settle).</summary>
    public int Warmup { get; init; } = 2;

    /// <summary>Repeats; every figure is the median over them.</summary>
    public int Repeats { get; init; } = 5;

    public int Batch { get; init; } = 64;

    /// <summary>Networks of the train-step and eval-step workloads: "image", "text" or both.</summary>
    public IReadOnlyList<string> Networks { get; init; } = ["image", "text"];

    /// <summary>Text workloads: tokens per sample and vocabulary size.</summary>
    public int SequenceLength { get; init; } = 128;
    public int VocabSize { get; init; } = 10000;

    /// <summary>FPI iterations per layer in the timed workloads (no early exit, so the work is fixed).</summary>
    public int FixedIterations { get; init; } = 10;

    /// <summary>Environment steps of the memory workload; RSS is also read after a tenth of them.</summary>
    public int MemorySteps { get; init; } = 10000;

    /// <summary>Batch of the memory workload: small, so ten thousand steps take minutes, not hours.</summary>
    public int MemoryBatch { get; init; } = 16;

    /// <summary>Threads during the memory workload; 0 leaves the process setting alone.</summary>
    public int MemoryThreads { get; init; } = 1;

    public int Seed { get; init; }

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be >= 1.");
        if (Warmup < 0) throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "Warm-up must be >= 0.");
        if (Repeats < 1) throw new ArgumentOutOfRangeException(nameof(Repeats), Repeats, "Repeats must be >= 1.");
        if (Batch < 1) throw new ArgumentOutOfRangeException(nameof(Batch), Batch, "Batch must be >= 1.");
        if (SequenceLength < 2) throw new ArgumentOutOfRangeException(nameof(SequenceLength), SequenceLength, "Sequence length must be >= 2.");
        if (VocabSize < 3) throw new ArgumentOutOfRangeException(nameof(VocabSize), VocabSize, "Vocabulary must hold >= 3 ids.");
        if (FixedIterations < 0) throw new ArgumentOutOfRangeException(nameof(FixedIterations), FixedIterations, "Fixed iterations must be >= 0.");
        if (MemorySteps < 10) throw new ArgumentOutOfRangeException(nameof(MemorySteps), MemorySteps, "Memory steps must be >= 10.");
        if (Networks.Count == 0 || Networks.Any(n => n is not ("image" or "text"))) throw new ArgumentException($"Networks must be image and/or text (got {string.Join(",", Networks)}).");
        if (MemoryThreads < 0) throw new ArgumentOutOfRangeException(nameof(MemoryThreads), MemoryThreads, "Memory threads must be >= 0.");
        if (MemoryBatch < 1) throw new ArgumentOutOfRangeException(nameof(MemoryBatch), MemoryBatch, "Memory batch must be >= 1.");
    }
}
