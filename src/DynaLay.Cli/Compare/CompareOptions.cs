using System.Globalization;

namespace DynaLay.Cli.Compare;

/// <summary>
/// A comparison: every learner x seed x penalty is one training run (a cell). The defaults are sized so
/// that `dynalay compare` with no arguments finishes on 2 cores in a few minutes.
/// </summary>
public sealed record CompareOptions
{
    public string Dataset { get; init; } = "synthetic";
    public string? DataDir { get; init; }
    public string[] Agents { get; init; } = ["reinforce", "dqn", "agentnet"];
    /// <summary>Agent seeds per learner and penalty (5: rliable's intervals need several runs).</summary>
    public int Seeds { get; init; } = 5;

    /// <summary>Pretrained main networks; agent seed s trains on network s mod N (1: every cell shares one network and its tables).</summary>
    public int NetworkSeeds { get; init; } = 1;

    /// <summary>Agents learn on the first N training samples (null: all).</summary>
    public int? AgentSamples { get; init; } = 4000;

    public double[] Penalties { get; init; } = [0.01, 0.03, 0.1, 0.3];
    public int Epochs { get; init; } = 2;
    /// <summary>Pretraining epochs of each network; null: what `dynalay pretrain` does for the network kind.</summary>
    public int? PretrainEpochs { get; init; }

    /// <summary>Recurrent map of the pretrained image networks: depthwise (the default), dense or separable.</summary>
    public string Recurrence { get; init; } = "depthwise";

    /// <summary>Channels of the pretrained image networks' blocks (C1,C2,C3); null: pretrain's default.</summary>
    public string? Channels { get; init; }

    /// <summary>What the pretrained text networks' FPI feedback reads (causal | bidirectional); null: pretrain's default, causal.</summary>
    public string? TextFeedback { get; init; }

    /// <summary>The pretraining's modes (pretrain --fpi); null: pretrain's default, random.</summary>
    public string? PretrainFpi { get; init; }
    /// <summary>
    /// Synthetic training samples of the comparison's network (validation included): 12,000, half the dataset's
    /// default, so that the main job (pretraining included) finishes within 5 minutes on 2 cores.
    /// </summary>
    public int? SyntheticTrain { get; init; } = 12_000;
    public int? SyntheticTest { get; init; }

    /// <summary>The observation extras of every cell (none | spread,margin,probe), passed to train as --observation.</summary>
    public string Observation { get; init; } = "none";
    public int? Limit { get; init; }
    public int? Threads { get; init; }
    public string Out { get; init; } = "runs/compare";

    public string PretrainDir(int seed) => Path.Combine(Out, $"pretrain-s{seed}");

    public string CellDir(string agent, int seed, double penalty) =>
        Path.Combine(Out, "cells", $"{agent.Replace(':', '-')}-s{seed}-p{penalty.ToString("0.####", CultureInfo.InvariantCulture)}");

    /// <summary>Data options common to every command of the comparison.</summary>
    public List<string> DataArgs()
    {
        var args = new List<string> { "--dataset", Dataset };
        if (DataDir is not null) args.AddRange(["--data-dir", DataDir]);
        bool synthetic = Dataset.StartsWith("synthetic", StringComparison.OrdinalIgnoreCase);
        if (synthetic && SyntheticTrain is int tr) args.AddRange(["--synthetic-train", tr.ToString(CultureInfo.InvariantCulture)]);
        if (synthetic && SyntheticTest is int te) args.AddRange(["--synthetic-test", te.ToString(CultureInfo.InvariantCulture)]);
        if (Limit is int l) args.AddRange(["--limit", l.ToString(CultureInfo.InvariantCulture)]);
        if (Threads is int t) args.AddRange(["--threads", t.ToString(CultureInfo.InvariantCulture)]);
        return args;
    }

    public string[] PretrainArgs(int seed) =>
        ["pretrain", .. DataArgs(), "--seed", seed.ToString(CultureInfo.InvariantCulture),
         .. PretrainEpochs is int e ? new[] { "--epochs", e.ToString(CultureInfo.InvariantCulture) } : [],
         "--recurrence", Recurrence,
         .. Channels is not null ? new[] { "--channels", Channels } : [],
         .. TextFeedback is not null ? new[] { "--text-feedback", TextFeedback } : [],
         .. PretrainFpi is not null ? new[] { "--fpi", PretrainFpi } : [],
         "--out", PretrainDir(seed)];

    public string[] TrainArgs(string agent, int seed, double penalty) =>
        ["train", "--agent", agent, .. DataArgs(), "--seed", seed.ToString(CultureInfo.InvariantCulture),
         "--penalty", penalty.ToString("R", CultureInfo.InvariantCulture), "--epochs", Epochs.ToString(CultureInfo.InvariantCulture),
         "--from", PretrainDir(seed % NetworkSeeds), "--out", CellDir(agent, seed, penalty),
         .. AgentSamples is int n ? new[] { "--agent-samples", n.ToString(CultureInfo.InvariantCulture) } : [],
         .. Observation != "none" ? new[] { "--observation", Observation } : []];
}
