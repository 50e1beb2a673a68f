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
public sealed class EnvSource(MainNetwork network, Device device, IReadOnlyDictionary<string, ModeSetTable>? tables = null)
{
    public MainNetwork Network => network;
    public Device Device => device;

    /// <summary>True when the environments come from tables.</summary>
    public bool Tabulated => tables is { Count: > 0 };

    public LayerSelectionEnv Create(DataSplit split, LayerSelectionOptions options, int seed = 0)
    {
        if (tables is null || !tables.TryGetValue(split.Name, out var table))
            return new LayerSelectionEnv(network, split, options, device, seed);
        if (options.KeepGraph)
            throw new InvalidOperationException("A tabulated environment keeps no graph: joint training of the main network needs the live environment (--env live).");
        return new LayerSelectionEnv(new TableBackend(table, split), split, options, device, seed);
    }
}
