using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// A fixed rule that never learns: no weights, no cost per decision (a rule is free next to a network),
/// and Save/Load only record and check which rule it is so a run directory stays uniform.
/// </summary>
public abstract class BaselineAgent : IAgent
{
    protected BaselineAgent(AgentContext context) => Context = context;

    protected AgentContext Context { get; }

    public abstract string Name { get; }
    public virtual object Options => new Dictionary<string, object>();
    public bool IsLearner => false;
    public virtual double FlopsPerDecision => 0;
    public double? Exploration => null;

    public AgentDecision Act(AgentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var actions = Rows.Inactive(input.Active.Length);
        Choose(input, actions);
        return new AgentDecision(actions, null, "none");
    }

    /// <summary>Fills the action of every active episode; ended ones already hold NoAction.</summary>
    protected abstract void Choose(AgentInput input, int[] actions);

    public AgentUpdate Learn(Rollout rollout) => AgentUpdate.None;

    public void Save(string path) => Runs.AtomicFile.WriteAllText(path, $"DynaLay.Baseline/1\n{Name}\n");

    public void Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0] != "DynaLay.Baseline/1")
            throw new InvalidDataException($"'{path}' is not a baseline agent file; it cannot be loaded into the '{Name}' baseline.");
        if (lines[1] != Name) throw new InvalidDataException($"'{path}' holds the '{lines[1]}' baseline; it cannot be loaded into '{Name}'.");
    }

    /// <summary>A rule has no training state; one that draws at random saves its stream's position.</summary>
    public virtual void SaveState(BinaryWriter writer) { }

    public virtual void LoadState(BinaryReader reader) { }

    /// <summary>Which layers each sample has in FPI mode, read from the observation's mode bits ([B, L]).</summary>
    protected bool[,] ModesOf(Tensor observations) => Introspect(observations).Modes;

    /// <summary>
    /// The observation's mode bits ([B, L]) and top class probability ([B]), copied to the host in one go.
    /// Positions follow ObservationLayout: ..., max probability, entropy, L modes, penalty, step fraction.
    /// </summary>
    protected (bool[,] Modes, float[] MaxProbability) Introspect(Tensor observations)
    {
        int b = (int)observations.shape[0], d = Context.ObservationSize, layers = Context.NumLayers;
        int modeStart = d - layers - 2, maxProbability = modeStart - 2;
        float[] obs;
        using (var cpu = observations.detach().cpu()) obs = cpu.data<float>().ToArray();
        var modes = new bool[b, layers];
        var confidence = new float[b];
        for (int i = 0; i < b; i++)
        {
            confidence[i] = obs[i * d + maxProbability];
            for (int k = 0; k < layers; k++) modes[i, k] = obs[i * d + modeStart + k] > 0.5f;
        }
        return (modes, confidence);
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
