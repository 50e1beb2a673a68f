using DynaLay.Data;
using DynaLay.Envs.Gym;
using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// The layer-selection environment. One episode is one input sample; a batch of B samples is B
/// episodes stepped together. Action 0 = NOP (answer now, terminates); action k = put layer k in FPI
/// mode, iterate it to its fixed point and recompute the layers after it. Samples are grouped by
/// action: each group is gathered, computed together and scattered back, and samples whose episode has
/// ended leave the active set, so the compute an agent saves is saved in wall-clock time too.
///
/// Vector semantics: autoreset is <see cref="Gym.AutoresetMode.Disabled"/>. Episodes of a batch end at
/// different steps; give <see cref="NoAction"/> for the ones that ended, and call Reset for the next
/// batch once <see cref="AllDone"/>.
/// </summary>
public sealed class LayerSelectionEnv : IVectorEnv<float[], int>
{
    /// <summary>The action to pass for an episode that has already ended.</summary>
    public const int NoAction = -1;

    private readonly MainNetwork network;
    private readonly DataSplit split;
    private readonly LayerSelectionOptions options;
    private readonly Device device;
    private readonly int layers;
    private readonly int budget;
    private readonly double unit;
    private readonly double agentCost;
    private readonly Box observationSpace;
    private readonly Discrete actionSpace;

    private Random order;
    private long[] permutation = [];
    private int cursor;
    private bool closed;

    // Per-batch state. u[k] and act[k] (k = 1..L) are the layer's injection and output; act[0] is the stem's.
    private Tensor[] u = [];
    private Tensor[] act = [];
    private Tensor? logits;
    private Tensor? labelsTensor;
    private int batch;
    private long[] indices = [];
    private long[] labels = [];
    private float[]? difficulty;
    private bool[,] modes = new bool[0, 0];
    private int[,] iterations = new int[0, 0];
    private float[,] residual = new float[0, 0];
    private bool[,] converged = new bool[0, 0];
    private long[] prediction = [];
    private double[] penalty = [];
    private double[] compute = [];
    private int[] steps = [];
    private bool[] terminated = [];
    private bool[] truncated = [];
    private float[] observations = [];

    public LayerSelectionEnv(MainNetwork network, DataSplit split, LayerSelectionOptions? options = null, Device? device = null, int seed = 0)
    {
        this.network = network;
        this.split = split;
        this.options = options ?? new LayerSelectionOptions();
        this.device = device ?? CPU;
        if (this.options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), this.options.BatchSize, "Batch size must be >= 1.");
        if (split.Count == 0) throw new ArgumentException($"The {split.Name} split is empty; the environment needs samples.");
        layers = network.NumLayers;
        budget = this.options.StepBudget ?? layers + 1;
        if (budget < 1) throw new ArgumentOutOfRangeException(nameof(options), budget, "Step budget must be >= 1.");
        unit = network.StraightPassFlops;
        agentCost = this.options.AgentFlopsPerDecision / unit;
        Layout = new ObservationLayout(LayerWidths(network));
        var (low, high) = Layout.Bounds();
        observationSpace = new Box(low, high, [Layout.Size]);
        actionSpace = new Discrete(layers + 1);
        order = GymRandom.Create(seed);
    }

    public ObservationLayout Layout { get; }
    public MainNetwork Network => network;

    /// <summary>The split whose samples the episodes are (look-ahead agents and replays read inputs from it).</summary>
    public DataSplit Split => split;
    public int NumLayers => layers;
    public int StepBudget => budget;
    public int NumEnvs => batch == 0 ? options.BatchSize : batch;
    public ISpace<float[]> SingleObservationSpace => observationSpace;
    public ISpace<int> SingleActionSpace => actionSpace;
    public AutoresetMode AutoresetMode => AutoresetMode.Disabled;
    public LayerSelectionOptions Options => options;

    /// <summary>Samples in the current batch.</summary>
    public int BatchCount => batch;
    public long[] SampleIndices => indices;
    public long[] Labels => labels;
    public long[] Predictions => prediction;
    public double[] Penalty => penalty;
    /// <summary>Network compute spent per sample, in straight-pass units (1 after Reset).</summary>
    public double[] ComputeSpent => compute;
    public bool[] Terminated => terminated;
    public bool[] Truncated => truncated;
    public int[] Steps => steps;
    public bool[,] Modes => modes;
    public int[,] Iterations => iterations;
    public float[,] Residual => residual;
    public bool[,] Converged => converged;
    public float[]? Difficulty => difficulty;
    public bool Done(int i) => terminated[i] || truncated[i];
    public bool AllDone => batch > 0 && Enumerable.Range(0, batch).All(Done);

    /// <summary>Observations of the current batch, row-major [B, D], detached copies on the host.</summary>
    public float[] Observations => observations;

    /// <summary>Observations as a [B, D] tensor on the environment's device (a new tensor; the caller owns it).</summary>
    public Tensor ObservationTensor() => tensor(observations, [batch, Layout.Size], dtype: ScalarType.Float32, device: device);

    /// <summary>
    /// Final logits of the batch, with their graph through the chosen path when
    /// <see cref="LayerSelectionOptions.KeepGraph"/> is set (the caller must not dispose it).
    /// </summary>
    public Tensor Logits => logits ?? throw new InvalidOperationException("Call Reset before reading logits.");
    public Tensor LabelTensor => labelsTensor ?? throw new InvalidOperationException("Call Reset before reading labels.");

    // ---------------------------------------------------------------- reset

    /// <summary>
    /// Takes the next batch of the split (a seed restarts the seeded visiting order) and runs every layer
    /// straight. Options: "indices" (long[]) resets on exactly these samples instead.
    /// </summary>
    public (float[][] Observations, Info[] Infos) Reset(int? seed = null, IReadOnlyDictionary<string, object>? resetOptions = null)
    {
        ResetBatch(seed, resetOptions);
        return (SplitRows(), Enumerable.Range(0, batch).Select(InfoOf).ToArray());
    }

    /// <summary>Reset in array form; returns the observations [B, D].</summary>
    public float[] ResetBatch(int? seed = null, IReadOnlyDictionary<string, object>? resetOptions = null)
    {
        ObjectDisposedException.ThrowIf(closed, this);
        long[] next = resetOptions is not null && resetOptions.TryGetValue("indices", out var v)
            ? v as long[] ?? throw new ArgumentException("Reset option 'indices' must be a long[] of sample indices.")
            : NextIndices(seed);
        if (next.Length == 0) throw new ArgumentException("Reset needs at least one sample.");

        DisposeState();
        batch = next.Length;
        indices = next;
        using var data = split.Take(indices, device);
        labels = split.Labels is { } all ? indices.Select(i => all[i]).ToArray() : [];
        difficulty = split.Difficulty is { } d ? indices.Select(i => d[i]).ToArray() : null;
        labelsTensor = data.Labels.clone().DetachFromDisposeScope();
        modes = new bool[batch, layers];
        iterations = new int[batch, layers];
        residual = new float[batch, layers];
        converged = new bool[batch, layers];
        penalty = new double[batch];
        compute = new double[batch];
        steps = new int[batch];
        terminated = new bool[batch];
        truncated = new bool[batch];
        prediction = new long[batch];

        using (var scope = NewDisposeScope())
        using (GradMode())
        {
            u = new Tensor[layers + 1];
            act = new Tensor[layers + 1];
            act[0] = network.Stem(data.Inputs).DetachFromDisposeScope();
            for (int k = 1; k <= layers; k++)
            {
                u[k] = network.Layers[k - 1].Inject(act[k - 1], new int[batch]).DetachFromDisposeScope();
                act[k] = network.Layers[k - 1].Straight(u[k]).DetachFromDisposeScope();
            }
            logits = network.Head(act[layers]).DetachFromDisposeScope();
        }
        Array.Fill(compute, 1.0);
        RefreshPredictions();
        RefreshObservations();
        return observations;
    }

    private long[] NextIndices(int? seed)
    {
        if (seed is int s)
        {
            order = GymRandom.Create(s);
            permutation = [];
        }
        if (cursor >= permutation.Length)
        {
            permutation = Enumerable.Range(0, split.Count).Select(i => (long)i).ToArray();
            if (options.Shuffle) order.Shuffle(permutation);
            cursor = 0;
        }
        int n = Math.Min(options.BatchSize, permutation.Length - cursor);
        var next = permutation.AsSpan(cursor, n).ToArray();
        cursor += n;
        return next;
    }

    /// <summary>Starts the visiting order of the split again (e.g. a new evaluation pass).</summary>
    public void Rewind(int? seed = null)
    {
        if (seed is int s) order = GymRandom.Create(s);
        permutation = [];
        cursor = 0;
    }

    /// <summary>Batches left in the current pass over the split.</summary>
    public bool PassFinished => cursor >= permutation.Length && permutation.Length > 0;

    // ---------------------------------------------------------------- step

    public VectorStepResult<float[]> Step(int[] actions)
    {
        var r = StepBatch(actions);
        var infos = new Info[batch];
        for (int i = 0; i < batch; i++) infos[i] = InfoOf(i);
        return new VectorStepResult<float[]>(SplitRows(), r.Rewards, r.Terminated, r.Truncated, infos);
    }

    /// <summary>Steps every episode of the batch; <see cref="NoAction"/> for the ones that ended.</summary>
    public BatchStep StepBatch(int[] actions)
    {
        ObjectDisposedException.ThrowIf(closed, this);
        if (batch == 0) throw new InvalidOperationException("Call Reset before Step: the environment has no batch yet.");
        if (actions.Length != batch) throw new ArgumentException($"Step got {actions.Length} actions for a batch of {batch} episodes.");

        var stepCompute = new double[batch];
        var redundant = new bool[batch];
        var active = new bool[batch];
        var groups = new List<long>[layers + 1];
        for (int k = 0; k <= layers; k++) groups[k] = [];
        for (int i = 0; i < batch; i++)
        {
            int a = actions[i];
            if (Done(i))
            {
                if (a != NoAction)
                    throw new InvalidOperationException($"Episode {i} (sample {indices[i]}) already {(terminated[i] ? "terminated" : "was truncated")} at step {steps[i]}; pass LayerSelectionEnv.NoAction for it, or Reset for a new batch.");
                continue;
            }
            if (a < 0 || a > layers) throw new ArgumentOutOfRangeException(nameof(actions), a, $"Action of episode {i} must be 0 (NOP) .. {layers} (FPI on layer k), or NoAction for an ended episode.");
            active[i] = true;
            if (a > 0 && modes[i, a - 1]) redundant[i] = true;
            else groups[a].Add(i);
        }

        using (var scope = NewDisposeScope())
        using (GradMode())
        {
            for (int k = 1; k <= layers; k++)
                if (groups[k].Count > 0) RunFromLayer(k, groups[k], stepCompute);
        }

        var rewards = new double[batch];
        RefreshPredictions();
        for (int i = 0; i < batch; i++)
        {
            if (!active[i]) continue;
            compute[i] += stepCompute[i];
            // The straight pass ran at reset; it is charged to the first decision.
            double charged = stepCompute[i] + (steps[i] == 0 ? 1.0 : 0.0);
            steps[i]++;
            if (actions[i] == 0) terminated[i] = true;
            else if (steps[i] >= budget) truncated[i] = true;
            var outcome = new StepOutcome(charged, agentCost, redundant[i], Done(i), prediction[i] == labels[i]);
            penalty[i] += options.Reward.Penalty(outcome);
            rewards[i] = options.Reward.Reward(outcome);
        }
        RefreshObservations();
        return new BatchStep(observations, rewards, (bool[])terminated.Clone(), (bool[])truncated.Clone(), active);
    }

    /// <summary>
    /// Puts layer k of the given samples in FPI mode, iterates it from its current (straight) output and
    /// recomputes the layers after it in their own modes, then the head.
    /// </summary>
    private void RunFromLayer(int k, List<long> samples, double[] stepCompute)
    {
        // The whole batch is a common group (and the benchmark's): no gather or scatter then.
        bool whole = samples.Count == batch;
        using var idx = whole ? null : tensor(samples.ToArray(), device: device);
        foreach (var i in samples) modes[i, k - 1] = true;

        Tensor prev;
        using (var uk = Rows(u[k], idx))
        using (var zk = Rows(act[k], idx))
        using (var solved = network.Layers[k - 1].Solve(uk, zk, options.Solver))
        {
            Record(k, samples, solved, stepCompute);
            Put(ref act[k], idx, solved.Z);
            prev = solved.Z.alias();
        }

        for (int j = k + 1; j <= layers; j++)
        {
            var layer = network.Layers[j - 1];
            using var uj = layer.Inject(prev, LayerModes.Upstream(modes, j - 1, samples));
            prev.Dispose();
            Tensor zj = layer.Straight(uj);
            foreach (var i in samples) stepCompute[i] += layer.StraightFlops / unit;

            var fpi = new List<long>();
            var positions = new List<long>();
            for (int p = 0; p < samples.Count; p++)
                if (modes[samples[p], j - 1]) { fpi.Add(samples[p]); positions.Add(p); }
            if (fpi.Count > 0)
            {
                bool all = fpi.Count == samples.Count;
                using var pos = all ? null : tensor(positions.ToArray(), device: device);
                using var uSub = Rows(uj, pos);
                using var zSub = Rows(zj, pos);
                using var solved = layer.Solve(uSub, zSub, options.Solver);
                Record(j, fpi, solved, stepCompute);
                var merged = all ? solved.Z.alias() : zj.index_copy(0, pos!, solved.Z);
                zj.Dispose();
                zj = merged;
            }
            Put(ref u[j], idx, uj);
            Put(ref act[j], idx, zj);
            prev = zj;
        }
        using (prev)
        {
            using var head = network.Head(prev);
            Put(ref logits!, idx, head);
        }
        foreach (var i in samples) stepCompute[i] += network.HeadFlops / unit;
    }

    private static Tensor Rows(Tensor t, Tensor? idx) => idx is null ? t.alias() : t.index_select(0, idx);

    private void Record(int layer, List<long> samples, FpiResult solved, double[] stepCompute)
    {
        double flops = network.Layers[layer - 1].IterationFlops / unit;
        for (int p = 0; p < samples.Count; p++)
        {
            long i = samples[p];
            iterations[i, layer - 1] = solved.Iterations[p];
            residual[i, layer - 1] = solved.Residual[p];
            converged[i, layer - 1] = solved.Converged[p];
            stepCompute[i] += solved.Iterations[p] * flops;
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
        else if (options.KeepGraph)
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

    private IDisposable GradMode() => options.KeepGraph ? enable_grad() : no_grad();

    // ---------------------------------------------------------------- observations and info

    private void RefreshPredictions()
    {
        using var _ = no_grad();
        using var p = logits!.argmax(1);
        p.cpu().data<long>().CopyTo(prediction, 0);
    }

    private void RefreshObservations()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (int k = 1; k <= layers; k++)
        {
            var a = act[k].detach();
            parts.Add(a.dim() == 4 ? a.mean([2, 3]) : a.mean([1]));
        }
        var probs = logits!.detach().softmax(1);
        parts.Add(probs.max(1).values.unsqueeze(1));
        var entropy = -(probs * probs.clamp_min(1e-12).log()).sum(1, keepdim: true) / Math.Log(probs.shape[1]);
        parts.Add(entropy.clamp(0, 1));
        var extra = new float[batch * (layers + 2)];
        for (int i = 0; i < batch; i++)
        {
            for (int k = 0; k < layers; k++) extra[i * (layers + 2) + k] = modes[i, k] ? 1 : 0;
            extra[i * (layers + 2) + layers] = (float)penalty[i];
            extra[i * (layers + 2) + layers + 1] = (float)steps[i] / budget;
        }
        parts.Add(tensor(extra, [batch, layers + 2], device: device));
        var obs = cat(parts, 1).cpu();
        observations = obs.data<float>().ToArray();
    }

    private float[][] SplitRows()
    {
        int d = Layout.Size;
        var rows = new float[batch][];
        for (int i = 0; i < batch; i++) rows[i] = observations.AsSpan(i * d, d).ToArray();
        return rows;
    }

    /// <summary>The info of episode i: what a logger or an analysis needs about it now.</summary>
    public Info InfoOf(int i)
    {
        var info = new Info
        {
            ["sample_index"] = indices[i],
            ["label"] = labels[i],
            ["prediction"] = prediction[i],
            ["correct"] = prediction[i] == labels[i],
            ["compute"] = compute[i] + 0.0,
            ["penalty"] = penalty[i],
            ["step"] = steps[i],
            ["iterations"] = Enumerable.Range(0, layers).Select(k => iterations[i, k]).ToArray(),
            ["residual"] = Enumerable.Range(0, layers).Select(k => residual[i, k]).ToArray(),
            ["converged"] = Enumerable.Range(0, layers).Select(k => converged[i, k]).ToArray(),
            ["modes"] = Enumerable.Range(0, layers).Select(k => modes[i, k]).ToArray(),
        };
        if (difficulty is not null) info["difficulty"] = difficulty[i];
        return info;
    }

    private static int[] LayerWidths(MainNetwork network) => network.Config.Kind == NetworkKind.Image
        ? network.Config.Channels
        : Enumerable.Repeat(network.Config.Hidden, network.Config.TextLayers).ToArray();

    // ---------------------------------------------------------------- lifetime

    private void DisposeState()
    {
        foreach (var t in u) t?.Dispose();
        foreach (var t in act) t?.Dispose();
        logits?.Dispose();
        labelsTensor?.Dispose();
        logits = null;
        labelsTensor = null;
        u = [];
        act = [];
    }

    public void Close()
    {
        if (closed) return;
        closed = true;
        DisposeState();
    }

    public void Dispose() => Close();
}
