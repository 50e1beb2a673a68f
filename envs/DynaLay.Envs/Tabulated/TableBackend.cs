using DynaLay.Data;
using DynaLay.Envs.LayerSelection;

namespace DynaLay.Envs.Tabulated;

/// <summary>
/// Answers the environment's questions by lookup in a <see cref="ModeSetTable"/>: a step costs a few array
/// copies instead of network passes. The table must be the split's (same samples, same labels).
/// </summary>
public sealed class TableBackend : INetworkBackend
{
    private readonly ModeSetTable table;
    private long[] indices = [];
    private int[] sets = [];

    public TableBackend(ModeSetTable table, DataSplit split)
    {
        if (table.Samples != split.Count || !table.Labels.AsSpan().SequenceEqual(split.Labels))
            throw new ArgumentException($"The table holds {table.Samples} samples whose labels do not match the {split.Name} split ({split.Count} samples): it was built for other data. Build it again for this split.");
        this.table = table;
    }

    public ModeSetTable Table => table;
    public int NumLayers => table.NumLayers;
    public int[] LayerWidths => table.LayerWidths;
    public ObservationExtras Extras => table.Extras;
    public LayerCosts Costs => table.Costs;

    public void Reset(long[] indices)
    {
        this.indices = indices;
        sets = new int[indices.Length];
    }

    public void Iterate(int k, IReadOnlyList<long> rows, bool[,] modes, LayerRecord record)
    {
        int layers = NumLayers;
        foreach (long r in rows)
        {
            int set = sets[r] |= 1 << (k - 1);
            int cell = table.Cell(indices[r], set) * layers;
            for (int j = k; j <= layers; j++)
            {
                if (!modes[r, j - 1]) continue;
                record.Iterations[r, j - 1] = table.Iterations[cell + j - 1];
                record.Residual[r, j - 1] = table.Residual[cell + j - 1];
                record.Converged[r, j - 1] = table.Converged[cell + j - 1];
            }
        }
    }

    public void Read(float[] observations, int stride, long[] predictions)
    {
        for (int r = 0; r < indices.Length; r++)
        {
            table.FeaturesOf(indices[r], sets[r]).CopyTo(observations.AsSpan(r * stride));
            predictions[r] = table.Predictions[table.Cell(indices[r], sets[r])];
        }
    }

    public (long[,] Predictions, int[,,] Iterations) Lookahead(long[] indices)
    {
        int b = indices.Length, layers = NumLayers, n = table.Sets;
        var predictions = new long[b, n];
        var iterations = new int[b, n, layers];
        for (int i = 0; i < b; i++)
            for (int set = 0; set < n; set++)
            {
                int cell = table.Cell(indices[i], set);
                predictions[i, set] = table.Predictions[cell];
                for (int k = 0; k < layers; k++) iterations[i, set, k] = table.Iterations[cell * layers + k];
            }
        return (predictions, iterations);
    }

    public void Dispose() { }
}
