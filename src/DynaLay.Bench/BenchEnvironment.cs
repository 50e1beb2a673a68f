using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Fpi;
using DynaLay.Nets;

namespace DynaLay.Bench;

/// <summary>The batched layer-selection environment as the benchmarks drive it: reset on given samples, step, which ended.</summary>
public sealed class BenchEnvironment(MainNetwork network, DataSplit split, int batch, FpiOptions solver) : IDisposable
{
    private readonly LayerSelectionEnv env = new(network, split, new LayerSelectionOptions { BatchSize = batch, Shuffle = false, Solver = solver });

    /// <summary>Starts episodes on exactly these samples (runs every layer straight).</summary>
    public void Reset(long[] indices) => env.ResetBatch(null, new Dictionary<string, object> { ["indices"] = indices });

    /// <summary>Steps every episode (0 = NOP, k = FPI on layer k, -1 for ended ones); returns which episodes have ended.</summary>
    public bool[] Step(int[] actions)
    {
        var r = env.StepBatch(actions);
        var done = new bool[r.Terminated.Length];
        for (int i = 0; i < done.Length; i++) done[i] = r.Terminated[i] || r.Truncated[i];
        return done;
    }

    public void Dispose() => env.Dispose();
}
