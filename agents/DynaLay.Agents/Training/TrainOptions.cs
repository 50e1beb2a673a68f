using DynaLay.Envs.LayerSelection;
using DynaLay.Fpi;

namespace DynaLay.Agents.Training;

/// <summary>Settings of agent training (the agent's own hyperparameters live in its options record).</summary>
public sealed record TrainOptions
{
    public int Epochs { get; init; } = 5;

    /// <summary>Episodes (samples) per batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>frozen: the main network never changes. joint: it learns from the classification loss on the path each sample took.</summary>
    public string TrainMain { get; init; } = "frozen";

    /// <summary>Adam learning rate of the main network in joint mode (a tenth of pretraining's: it is already trained).</summary>
    public double MainLearningRate { get; init; } = 1e-4;

    /// <summary>The paper's reward weights and the penalty for selecting an already-iterated layer again.</summary>
    public double Alpha { get; init; } = 0.5;
    public double Beta { get; init; } = 0.3;
    public double RedundancyPenalty { get; init; } = 0.1;

    /// <summary>Decisions per episode before truncation; null = L + 1.</summary>
    public int? StepBudget { get; init; }

    /// <summary>all | eval | none | every:N.</summary>
    public string LogEpisodes { get; init; } = "eval";

    public int Seed { get; init; }

    /// <summary>Agents learn on the first N samples of the training split (null: all of it); validation and test are whole.</summary>
    public int? AgentSamples { get; init; }

    /// <summary>
    /// Which agent the run ends with: best (the epoch with the highest validation reward, as early stopping and
    /// SB3's EvalCallback keep it; a policy-gradient agent can drift in its last epochs) or last. Null: best with
    /// the main network frozen, last with joint training, whose main network moves every epoch.
    /// </summary>
    public string? Select { get; init; }

    public bool SelectsBest => (Select ?? (Joint ? "last" : "best")) == "best";

    public FpiOptions Solver { get; init; } = new();

    /// <summary>
    /// Where the environment's answers come from: table (looked up in the frozen network's mode-set tables, built
    /// once and cached beside its checkpoint) or live (the network runs every step). Null: table when the main
    /// network is frozen, live with joint training.
    /// </summary>
    public string? Env { get; init; }

    /// <summary>The run directory whose <c>tables/</c> hold the frozen network's tables (the pretrained run, shared by every agent trained from it).</summary>
    public string? Tables { get; init; }

    /// <summary>
    /// What the observation carries beside each layer's pooled activation and the confidence: none, or any of
    /// spread (each layer's spread over positions), margin (the top-2 margin) and probe (each layer's one-iteration residual,
    /// charged as compute), comma-separated.
    /// </summary>
    public string Observation { get; init; } = "none";

    public ObservationExtras ObservationExtras => ObservationExtrasText.Parse(Observation);

    public bool Tabulated => (Env ?? (Joint ? "live" : "table")) == "table";

    public bool Joint => TrainMain.Equals("joint", StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "--epochs must be >= 1.");
        if (AgentSamples is < 1) throw new ArgumentOutOfRangeException(nameof(AgentSamples), AgentSamples, "--agent-samples must be >= 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "--batch must be >= 1.");
        if (TrainMain is not ("frozen" or "joint")) throw new ArgumentException($"--train-main '{TrainMain}' is not one of frozen, joint.");
        if (Select is not (null or "best" or "last")) throw new ArgumentException($"--select '{Select}' is not one of best, last.");
        if (Select == "best" && Joint) throw new ArgumentException("--select best keeps the agent of the best epoch, but with --train-main joint the main network it was evaluated with is gone by then; use --select last.");
        _ = ObservationExtras;
        if (Env is not (null or "table" or "live")) throw new ArgumentException($"--env '{Env}' is not one of table, live.");
        if (Env == "table" && Joint) throw new ArgumentException("--env table looks the answers of a frozen network up, but with --train-main joint the main network changes every batch; use --env live (the default with joint training).");
        if (!(Beta >= 0)) throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "--penalty must be >= 0.");
        Logging.EpisodeLogPolicy.Parse(LogEpisodes);
        Solver.Validate();
    }
}
