namespace DynaLay.Bench;

/// <summary>
/// The batched layer-selection environment as the benchmarks see it. The environment lives in
/// DynaLay.Envs, which depends on this assembly, so the command line supplies an adapter
/// (see <see cref="BenchContext.EnvironmentFactory"/>).
/// </summary>
public interface IBenchEnvironment : IDisposable
{
    /// <summary>Starts episodes on exactly these samples (runs every layer straight).</summary>
    void Reset(long[] indices);

    /// <summary>Steps every episode (0 = NOP, k = FPI on layer k, -1 for ended ones); returns which episodes have ended.</summary>
    bool[] Step(int[] actions);
}
