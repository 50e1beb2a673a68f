using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Fpi;
using DynaLay.Nets;
using DynaLay.Util;
using static TorchSharp.torch;

namespace DynaLay.Envs.Tabulated;

/// <summary>
/// Builds a <see cref="ModeSetTable"/> by running a frozen network over a split once, sharing work across mode
/// sets: layer k runs once per upstream pattern (2^(k-1) straight passes and solves), not once per set, and
/// the head once per set. Every tensor operation is the one the live environment runs on the same inputs,
/// so the table's answers are the live environment's.
/// </summary>
public static class ModeSetTableBuilder
{
    public static ModeSetTable Build(MainNetwork network, DataSplit split, FpiOptions solver, string key, Device device,
                                     int chunk = 32, ProgressBar? progress = null, ObservationExtras extras = ObservationExtras.None)
    {
        if (network.NumLayers > ModeSetTable.MaxLayers)
            throw new ArgumentException($"A table holds 2^L mode sets per sample; L = {network.NumLayers} is above the limit of {ModeSetTable.MaxLayers}. Use the live environment (--env live).");
        network.eval();
        var table = new ModeSetTable(key, LiveBackend.WidthsOf(network), LayerCosts.Of(network, extras), split.Labels.ToArray(), extras);
        bool probe = extras.HasFlag(ObservationExtras.Probe);
        int layers = table.NumLayers, sets = table.Sets, width = table.FeatureWidth;
        using var _ = no_grad();
        for (int start = 0; start < split.Count; start += chunk)
        {
            int n = Math.Min(chunk, split.Count - start);
            var indices = Enumerable.Range(start, n).Select(i => (long)i).ToArray();
            // A batch of one runs as two copies, as the live environment runs it.
            using var data = split.Take(n == 1 ? [indices[0], indices[0]] : indices, device);
            using var scope = NewDisposeScope();
            int rows = (int)data.Inputs.shape[0];

            // outputs[k][p]: layer k's output under the pattern p of layers 1..k (bit j-1 = layer j in FPI mode);
            // probes[k][p] its probe residual.
            var outputs = new Tensor[layers][];
            var probes = new Tensor[layers][];
            var previous = new[] { network.Stem(data.Inputs) };
            for (int k = 0; k < layers; k++)
            {
                var layer = network.Layers[k];
                outputs[k] = new Tensor[1 << (k + 1)];
                probes[k] = new Tensor[1 << (k + 1)];
                for (int upstream = 0; upstream < 1 << k; upstream++)
                {
                    var u = layer.Inject(previous[upstream], Enumerable.Repeat(upstream, rows).ToArray());
                    var straight = layer.Straight(u);
                    var solved = layer.Solve(u, straight, solver);
                    outputs[k][upstream] = straight;
                    outputs[k][upstream | 1 << k] = solved.Z;
                    if (probe)
                    {
                        probes[k][upstream] = layer.ProbeResidual(u, straight);
                        probes[k][upstream | 1 << k] = layer.ProbeResidual(u, solved.Z);
                    }
                    RecordSolve(table, start, n, k, upstream | 1 << k, solved);
                }
                previous = outputs[k];
            }

            for (int set = 0; set < sets; set++)
            {
                var activations = Enumerable.Range(0, layers).Select(k => outputs[k][set & ((1 << (k + 1)) - 1)]).ToArray();
                var setProbes = probe ? Enumerable.Range(0, layers).Select(k => probes[k][set & ((1 << (k + 1)) - 1)]).ToArray() : null;
                var logits = network.Head(activations[layers - 1]);
                var features = LiveBackend.Features(network, activations, logits, extras, setProbes).cpu().data<float>().ToArray();
                var predictions = logits.argmax(1).cpu().data<long>().ToArray();
                for (int i = 0; i < n; i++)
                {
                    features.AsSpan(i * width, width).CopyTo(table.Features.AsSpan((int)((long)table.Cell(start + i, set) * width)));
                    table.Predictions[table.Cell(start + i, set)] = (int)predictions[i];
                }
            }
            progress?.Report(start + n);
        }
        progress?.Done();
        return table;
    }

    /// <summary>Layer k's solve under pattern p belongs to every set whose layers 1..k+1 are p.</summary>
    private static void RecordSolve(ModeSetTable table, int start, int n, int k, int pattern, FpiResult solved)
    {
        int layers = table.NumLayers, low = (1 << (k + 1)) - 1;
        for (int set = 0; set < table.Sets; set++)
        {
            if ((set & low) != pattern) continue;
            for (int i = 0; i < n; i++)
            {
                int at = table.Cell(start + i, set) * layers + k;
                table.Iterations[at] = checked((short)solved.Iterations[i]);
                table.Residual[at] = solved.Residual[i];
                table.Converged[at] = solved.Converged[i];
            }
        }
    }
}
