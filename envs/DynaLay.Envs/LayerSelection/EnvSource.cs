using DynaLay.Data;
using DynaLay.Envs.Tabulated;
using DynaLay.Nets;
using static TorchSharp.torch;

namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// Makes the layer-selection environments of a run: from the splits' tables where the network is frozen and
/// a table is at hand, live otherwise. Training, evaluation and comparison ask it instead of choosing
/// themselves, so one setting (<c>--env table|live</c>) decides for all of them.
/// </summary>
/// <param name="tableFor">The table of a split (built or loaded on first use), or null for live environments.</param>
public sealed class EnvSource(MainNetwork network, Device device, Func<DataSplit, ModeSetTable>? tableFor = null)
{
    private readonly Dictionary<DataSplit, ModeSetTable> tables = [];

    public MainNetwork Network => network;
    public Device Device => device;

    /// <summary>True when the environments come from tables.</summary>
    public bool Tabulated => tableFor is not null;

    /// <summary>The split's table (null for live environments).</summary>
    public ModeSetTable? TableOf(DataSplit split)
    {
        if (tableFor is null) return null;
        if (!tables.TryGetValue(split, out var table)) tables[split] = table = tableFor(split);
        return table;
    }

    public LayerSelectionEnv Create(DataSplit split, LayerSelectionOptions options, int seed = 0)
    {
        if (TableOf(split) is not { } table)
            return new LayerSelectionEnv(network, split, options, device, seed);
        if (options.KeepGraph)
            throw new InvalidOperationException("A tabulated environment keeps no graph: joint training of the main network needs the live environment (--env live).");
        return new LayerSelectionEnv(new TableBackend(table, split), split, options, device, seed);
    }
}
