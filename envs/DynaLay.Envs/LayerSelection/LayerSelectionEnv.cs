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
/// action and samples whose episode has ended leave the active set.
///
/// The environment holds the transition semantics (visiting order, modes, what a step charges, when an
/// episode ends, the reward split, the observation layout, info); the network's answers come from an
/// <see cref="INetworkBackend"/>: <see cref="LiveBackend"/> runs the network, a table built once for a
/// frozen network looks them up. Both give the same episodes.
///
/// Vector semantics: autoreset is <see cref="Gym.AutoresetMode.Disabled"/>. Episodes of a batch end at
/// different steps; give <see cref="NoAction"/> for the ones that ended, and call Reset for the next
/// batch once <see cref="AllDone"/>.
/// </summary>
public sealed class LayerSelectionEnv : IVectorEnv<float[], int>
{
    /// <summary>The action to pass for an episode that has already ended.</summary>
    public const int NoAction = -1;

    private readonly INetworkBackend backend;
    private readonly DataSplit split;
    private readonly LayerSelectionOptions options;
    private readonly Device device;
    private readonly int layers;
    private readonly int budget;
    private readonly double agentCost;
    private readonly Box observationSpace;
    private readonly Discrete actionSpace;

    private Random order;
    private long[] permutation = [];
    private int cursor;
    private bool closed;

    // Per-batch state.
    private int batch;
    private long[] indices = [];
    private long[] labels = [];
    private float[]? difficulty;
    private bool[,] modes = new bool[0, 0];
    private LayerRecord record = new(0, 0);
    private long[] prediction = [];
    private double[] penalty = [];
    private double[] compute = [];
    private int[] steps = [];
    private bool[] terminated = [];
    private bool[] truncated = [];
    private float[] observations = [];

    /// <summary>The live environment: every step runs the network.</summary>
    public LayerSelectionEnv(MainNetwork network, DataSplit split, LayerSelectionOptions? options = null, Device? device = null, int seed = 0)
        : this(Live(network, split, options, device), split, options, device, seed)
    {
    }

    /// <summary>An environment over any backend (e.g. a table of a frozen network).</summary>
    public LayerSelectionEnv(INetworkBackend backend, DataSplit split, LayerSelectionOptions? options = null, Device? device = null, int seed = 0)
    {
        this.backend = backend;
        this.split = split;
        this.options = options ?? new LayerSelectionOptions();
        this.device = device ?? CPU;
        if (this.options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), this.options.BatchSize, "Batch size must be >= 1.");
        if (split.Count == 0) throw new ArgumentException($"The {split.Name} split is empty; the environment needs samples.");
        layers = backend.NumLayers;
        budget = this.options.StepBudget ?? layers + 1;
        if (budget < 1) throw new ArgumentOutOfRangeException(nameof(options), budget, "Step budget must be >= 1.");
        // One straight pass is the unit of compute; the agent's FLOPs are counted in it.
        agentCost = this.options.AgentFlopsPerDecision / backend.Costs.PassFlops;
        Layout = new ObservationLayout(backend.LayerWidths, backend.Extras);
        var (low, high) = Layout.Bounds();
        observationSpace = new Box(low, high, [Layout.Size]);
        actionSpace = new Discrete(layers + 1);
        order = GymRandom.Create(seed);
    }

    private static LiveBackend Live(MainNetwork network, DataSplit split, LayerSelectionOptions? options, Device? device)
    {
        var o = options ?? new LayerSelectionOptions();
        return new LiveBackend(network, split, o.Solver, o.KeepGraph, device ?? CPU, o.Observation);
    }

    public ObservationLayout Layout { get; }
    public INetworkBackend Backend => backend;

    /// <summary>The main network the live environment runs (null when the answers come from a table).</summary>
    public MainNetwork? Network => (backend as LiveBackend)?.Network;

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
    public int[,] Iterations => record.Iterations;
    public float[,] Residual => record.Residual;
    public bool[,] Converged => record.Converged;
    public float[]? Difficulty => difficulty;
    public bool Done(int i) => terminated[i] || truncated[i];
    public bool AllDone => batch > 0 && Enumerable.Range(0, batch).All(Done);

    /// <summary>Observations of the current batch, row-major [B, D], detached copies on the host.</summary>
    public float[] Observations => observations;

    /// <summary>Observations as a [B, D] tensor on the environment's device (a new tensor; the caller owns it).</summary>
    public Tensor ObservationTensor() => tensor(observations, [batch, Layout.Size], dtype: ScalarType.Float32, device: device);

    /// <summary>
    /// Final logits of the batch, with their graph through the chosen path when
    /// <see cref="LayerSelectionOptions.KeepGraph"/> is set (the caller must not dispose it). Live environments only.
    /// </summary>
    public Tensor Logits => backend is LiveBackend live ? live.Logits
        : throw new InvalidOperationException("A tabulated environment has no logits: the classification loss of joint training needs the live environment.");

    public Tensor LabelTensor => batch > 0 ? tensor(labels, device: device)
        : throw new InvalidOperationException("Call Reset before reading labels.");

    // ---------------------------------------------------------------- reset

    /// <summary>
    /// Takes the next batch of the split (a seed restarts the seeded visiting order) and runs every layer
    /// straight. Options: "indices" (long[]) resets on exactly these samples instead; "repeat" (int G &gt;= 1) plays
    /// every sample of the batch G times, one after another (episode i is sample i / G), for learners that compare
    /// several episodes of the same input.
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
        if (resetOptions is not null && resetOptions.TryGetValue("repeat", out var r))
        {
            int times = r as int? is int g and >= 1 ? g : throw new ArgumentException("Reset option 'repeat' must be an int >= 1: how many episodes each sample plays.");
            next = next.SelectMany(i => Enumerable.Repeat(i, times)).ToArray();
        }
        if (next.Length == 0) throw new ArgumentException("Reset needs at least one sample.");

        batch = next.Length;
        indices = next;
        labels = split.Labels is { } all ? indices.Select(i => all[i]).ToArray() : [];
        difficulty = split.Difficulty is { } d ? indices.Select(i => d[i]).ToArray() : null;
        modes = new bool[batch, layers];
        record = new LayerRecord(batch, layers);
        penalty = new double[batch];
        compute = new double[batch];
        steps = new int[batch];
        terminated = new bool[batch];
        truncated = new bool[batch];
        prediction = new long[batch];
        observations = new float[batch * Layout.Size];

        backend.Reset(indices);
        Array.Fill(compute, backend.Costs.Reset);
        backend.Read(observations, Layout.Size, prediction);
        WriteBookkeeping();
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

        for (int k = 1; k <= layers; k++)
        {
            if (groups[k].Count == 0) continue;
            foreach (var i in groups[k]) modes[i, k - 1] = true;
            backend.Iterate(k, groups[k], modes, record);
        }

        backend.Read(observations, Layout.Size, prediction);
        var rewards = new double[batch];
        var row = new bool[layers];
        var its = new int[layers];
        for (int i = 0; i < batch; i++)
        {
            if (!active[i]) continue;
            double stepCompute = 0;
            if (actions[i] > 0 && !redundant[i])
            {
                for (int k = 0; k < layers; k++) { row[k] = modes[i, k]; its[k] = record.Iterations[i, k]; }
                stepCompute = backend.Costs.Charge(actions[i], row, its);
            }
            compute[i] += stepCompute;
            // The straight pass (and the probe) ran at reset; it is charged to the first decision.
            double charged = stepCompute + (steps[i] == 0 ? backend.Costs.Reset : 0.0);
            steps[i]++;
            if (actions[i] == 0) terminated[i] = true;
            else if (steps[i] >= budget) truncated[i] = true;
            var outcome = new StepOutcome(charged, agentCost, redundant[i], Done(i), prediction[i] == labels[i]);
            penalty[i] += options.Reward.Penalty(outcome);
            rewards[i] = options.Reward.Reward(outcome);
        }
        WriteBookkeeping();
        return new BatchStep(observations, rewards, (bool[])terminated.Clone(), (bool[])truncated.Clone(), active);
    }

    // ---------------------------------------------------------------- observations and info

    /// <summary>Writes each observation's modes, penalty and step fraction (the network's part comes from the backend).</summary>
    private void WriteBookkeeping()
    {
        int d = Layout.Size;
        for (int i = 0; i < batch; i++)
        {
            int o = i * d;
            for (int k = 0; k < layers; k++) observations[o + Layout.ModeStart + k] = modes[i, k] ? 1 : 0;
            observations[o + Layout.Penalty] = (float)penalty[i];
            observations[o + Layout.StepFraction] = (float)steps[i] / budget;
        }
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
            ["iterations"] = Enumerable.Range(0, layers).Select(k => record.Iterations[i, k]).ToArray(),
            ["residual"] = Enumerable.Range(0, layers).Select(k => record.Residual[i, k]).ToArray(),
            ["converged"] = Enumerable.Range(0, layers).Select(k => record.Converged[i, k]).ToArray(),
            ["modes"] = Enumerable.Range(0, layers).Select(k => modes[i, k]).ToArray(),
        };
        if (difficulty is not null) info["difficulty"] = difficulty[i];
        return info;
    }

    // ---------------------------------------------------------------- lifetime

    public void Close()
    {
        if (closed) return;
        closed = true;
        backend.Dispose();
    }

    public void Dispose() => Close();
}
