using DynaLay.Data;
using DynaLay.Fpi;
using DynaLay.Nets;
using static TorchSharp.torch;

namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// Runs the main network for the environment. Samples are grouped by action: each group is gathered,
/// computed together and scattered back, so the compute an agent saves is saved in wall-clock time too.
/// A group of one sample is computed as two copies of it: libtorch picks another convolution algorithm for a
/// batch of one, whose last bits differ, and the environment's answers must not depend on who else chose
/// the same action.
/// </summary>
public sealed class LiveBackend : INetworkBackend
{
    private readonly MainNetwork network;
    private readonly DataSplit split;
    private readonly Device device;
    private readonly FpiOptions solver;
    private readonly bool keepGraph;

    // u[k] and act[k] (k = 1..L) are the layer's injection and output; act[0] is the stem's.
    private Tensor[] u = [];
    private Tensor[] act = [];
    // probe[k] (k = 1..L): one iteration's relative residual at act[k], [B]; empty without the probe.
    private Tensor[] probe = [];
    private Tensor? logits;
    private int batch;

    public LiveBackend(MainNetwork network, DataSplit split, FpiOptions solver, bool keepGraph, Device device,
                       ObservationExtras extras = ObservationExtras.None)
    {
        Extras = extras;
        this.network = network;
        this.split = split;
        this.solver = solver;
        this.keepGraph = keepGraph;
        this.device = device;
        Costs = LayerCosts.Of(network, extras);
        LayerWidths = WidthsOf(network);
    }

    public MainNetwork Network => network;
    public int NumLayers => network.NumLayers;
    public int[] LayerWidths { get; }
    public ObservationExtras Extras { get; }
    public LayerCosts Costs { get; }

    /// <summary>Final logits of the batch, with their graph through the chosen path when the graph is kept.</summary>
    public Tensor Logits => logits ?? throw new InvalidOperationException("Call Reset before reading logits.");

    public static int[] WidthsOf(MainNetwork network) => network.Config.Kind == NetworkKind.Image
        ? network.Config.Channels
        : Enumerable.Repeat(network.Config.Hidden, network.Config.TextLayers).ToArray();

    public void Reset(long[] indices)
    {
        DisposeState();
        batch = indices.Length;
        int layers = NumLayers;
        bool pad = Padded(batch);
        using var data = split.Take(pad ? [indices[0], indices[0]] : indices, device);
        using var scope = NewDisposeScope();
        using var _ = GradMode();
        var injections = new Tensor[layers + 1];
        var outputs = new Tensor[layers + 1];
        outputs[0] = network.Stem(data.Inputs);
        for (int k = 1; k <= layers; k++)
        {
            injections[k] = network.Layers[k - 1].Inject(outputs[k - 1], new int[outputs[k - 1].shape[0]]);
            outputs[k] = network.Layers[k - 1].Straight(injections[k]);
        }
        logits = Keep(network.Head(outputs[layers]), pad);
        u = injections.Select(t => t is null ? null! : Keep(t, pad)).ToArray();
        act = outputs.Select(t => Keep(t, pad)).ToArray();
        if (Extras.HasFlag(ObservationExtras.Probe))
            probe = Enumerable.Range(0, layers + 1).Select(k => k == 0 ? null! : Keep(Probe(k, injections[k], outputs[k]), pad)).ToArray();
    }

    /// <summary>Layer k's probe at its output z (no graph: the observation is detached).</summary>
    private Tensor Probe(int k, Tensor uk, Tensor zk)
    {
        using var _ = no_grad();
        return network.Layers[k - 1].ProbeResidual(uk, zk);
    }

    public void Iterate(int k, IReadOnlyList<long> rows, bool[,] modes, LayerRecord record)
    {
        using var scope = NewDisposeScope();
        using var _ = GradMode();
        // A single sample is computed twice over (see the class summary); the copies agree, so recording both is harmless.
        var samples = Padded(rows.Count) ? [rows[0], rows[0]] : rows.ToList();
        bool whole = samples.Count == batch && rows.Count == batch;
        using var idx = whole ? null : tensor(samples.ToArray(), device: device);

        Tensor prev;
        using (var uk = Rows(u[k], idx))
        using (var zk = Rows(act[k], idx))
        using (var solved = network.Layers[k - 1].Solve(uk, zk, solver))
        {
            Record(k, samples, solved, record);
            if (probe.Length > 0) Put(ref probe[k], idx, Probe(k, uk, solved.Z));
            Put(ref act[k], idx, solved.Z);
            prev = solved.Z.alias();
        }

        for (int j = k + 1; j <= NumLayers; j++)
        {
            var layer = network.Layers[j - 1];
            using var uj = layer.Inject(prev, LayerModes.Upstream(modes, j - 1, samples));
            prev.Dispose();
            Tensor zj = layer.Straight(uj);

            var fpi = new List<long>();
            var positions = new List<long>();
            for (int p = 0; p < samples.Count; p++)
                if (modes[samples[p], j - 1]) { fpi.Add(samples[p]); positions.Add(p); }
            if (Padded(fpi.Count)) { fpi.Add(fpi[0]); positions.Add(positions[0]); }
            if (fpi.Count > 0)
            {
                bool all = fpi.Count == samples.Count && positions.Distinct().Count() == samples.Count;
                using var pos = all ? null : tensor(positions.ToArray(), device: device);
                using var uSub = Rows(uj, pos);
                using var zSub = Rows(zj, pos);
                using var solved = layer.Solve(uSub, zSub, solver);
                Record(j, fpi, solved, record);
                var merged = all ? solved.Z.alias() : zj.index_copy(0, pos!, solved.Z);
                zj.Dispose();
                zj = merged;
            }
            if (probe.Length > 0) Put(ref probe[j], idx, Probe(j, uj, zj));
            Put(ref u[j], idx, uj);
            Put(ref act[j], idx, zj);
            prev = zj;
        }
        using (prev)
        {
            using var head = network.Head(prev);
            Put(ref logits!, idx, head);
        }
    }

    public void Read(float[] observations, int stride, long[] predictions)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var features = Features(network, act.Skip(1).Select(a => a.detach()).ToArray(), logits!.detach(), Extras,
                                      probe.Length > 0 ? probe.Skip(1).ToArray() : null);
        float[] host = features.cpu().data<float>().ToArray();
        int width = (int)features.shape[1];
        for (int i = 0; i < batch; i++) Array.Copy(host, i * width, observations, i * stride, width);
        using var p = logits!.argmax(1);
        p.cpu().data<long>().CopyTo(predictions, 0);
    }

    /// <summary>
    /// The observation's network part, [B, <see cref="ObservationLayout.NetworkWidth"/>]: each layer's activation
    /// pooled as the head pools it (<see cref="MainNetwork.Pool"/>: averaged over space or over a text's tokens),
    /// the extras asked for (each layer's spread over the same positions, each layer's probe, the top-2 margin),
    /// the max softmax probability, the entropy divided by log(classes). The table is built with it too.
    /// </summary>
    /// <param name="probes">With <see cref="ObservationExtras.Probe"/>: each layer's probe residual, [B] per layer.</param>
    public static Tensor Features(MainNetwork network, IReadOnlyList<Tensor> activations, Tensor logits,
                                  ObservationExtras extras = ObservationExtras.None, IReadOnlyList<Tensor>? probes = null)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        foreach (var a in activations) parts.Add(network.Pool(a));
        if (extras.HasFlag(ObservationExtras.Spread))
            foreach (var a in activations) parts.Add(network.Spread(a));
        if (extras.HasFlag(ObservationExtras.Probe))
            foreach (var p in probes ?? throw new ArgumentException("The probe extra needs each layer's probe residual.", nameof(probes)))
                parts.Add(p.unsqueeze(1));
        var probs = logits.softmax(1);
        if (extras.HasFlag(ObservationExtras.Margin))
        {
            var top = probs.topk(Math.Min(2, (int)probs.shape[1]), dim: 1).values;
            parts.Add(top.shape[1] < 2 ? top : (top[.., 0] - top[.., 1]).unsqueeze(1));
        }
        parts.Add(probs.max(1).values.unsqueeze(1));
        var entropy = -(probs * probs.clamp_min(1e-12).log()).sum(1, keepdim: true) / Math.Log(probs.shape[1]);
        parts.Add(entropy.clamp(0, 1));
        return cat(parts, 1).MoveToOuterDisposeScope();
    }

    public (long[,] Predictions, int[,,] Iterations) Lookahead(long[] indices)
    {
        int b = indices.Length, layers = NumLayers, sets = 1 << layers;
        var predictions = new long[b, sets];
        var iterations = new int[b, sets, layers];
        using var data = split.Take(b == 1 ? [indices[0], indices[0]] : indices, device);
        using var _ = no_grad();
        for (int mask = 0; mask < sets; mask++)
        {
            using var scope = NewDisposeScope();
            var fpi = Enumerable.Range(0, layers).Select(k => (mask >> k & 1) == 1).ToArray();
            using var output = network.Forward(data.Inputs, fpi, solver);
            var p = output.Logits.argmax(1).cpu().data<long>().ToArray();
            for (int i = 0; i < b; i++)
            {
                predictions[i, mask] = p[i];
                for (int k = 0; k < layers; k++) iterations[i, mask, k] = output.Iterations[i, k];
            }
        }
        return (predictions, iterations);
    }

    /// <summary>A group of one is computed as two copies, unless a graph is kept (the copies would both take its gradient).</summary>
    private bool Padded(int count) => count == 1 && !keepGraph;

    /// <summary>Keeps a reset result beyond the step's scope: its first row where the batch of one was padded to two.</summary>
    private static Tensor Keep(Tensor t, bool padded) =>
        (padded ? t.narrow(0, 0, 1).clone() : t).DetachFromDisposeScope();

    private static Tensor Rows(Tensor t, Tensor? idx) => idx is null ? t.alias() : t.index_select(0, idx);

    private static void Record(int layer, List<long> samples, FpiResult solved, LayerRecord record)
    {
        for (int p = 0; p < samples.Count; p++)
        {
            long i = samples[p];
            record.Iterations[i, layer - 1] = solved.Iterations[p];
            record.Residual[i, layer - 1] = solved.Residual[p];
            record.Converged[i, layer - 1] = solved.Converged[p];
        }
    }

    /// <summary>
    /// state[idx] = rows (all of state when idx is null). Out of place when a graph is kept (autograd must
    /// see every version), in place otherwise.
    /// </summary>
    private void Put(ref Tensor state, Tensor? idx, Tensor rows)
    {
        if (idx is null)
        {
            var next = rows.alias().DetachFromDisposeScope();
            state.Dispose();
            state = next;
        }
        else if (keepGraph)
        {
            var next = state.index_copy(0, idx, rows).DetachFromDisposeScope();
            state.Dispose();
            state = next;
        }
        else
        {
            state.index_copy_(0, idx, rows);
        }
    }

    private IDisposable GradMode() => keepGraph ? enable_grad() : no_grad();

    private void DisposeState()
    {
        foreach (var t in u) t?.Dispose();
        foreach (var t in act) t?.Dispose();
        foreach (var t in probe) t?.Dispose();
        logits?.Dispose();
        logits = null;
        u = [];
        act = [];
        probe = [];
    }

    public void Dispose() => DisposeState();
}
