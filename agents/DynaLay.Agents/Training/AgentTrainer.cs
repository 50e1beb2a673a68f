using System.Diagnostics;
using DynaLay.Agents.Logging;
using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Logging;
using DynaLay.Nets;
using DynaLay.Runs;
using DynaLay.Util;
using Serilog;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents.Training;

/// <summary>
/// Trains an agent against the layer-selection environment, epoch by epoch over the training split:
/// play a batch exploring, (joint mode) update the main network on the classification loss of the path
/// each sample took, let the agent learn, log. Each epoch ends with a greedy pass over the validation
/// split, a metrics row per split, atomic checkpoints, and last the <see cref="TrainerState"/>: the epoch's
/// commit point. --resume restores that state (weights, optimizers, random streams, replay buffer, counters)
/// and cuts the logs back to where it was, so a run killed at any moment and resumed ends with the same
/// bytes as the run never stopped.
/// </summary>
public sealed class AgentTrainer(MainNetwork network, Dataset data, IAgent agent, TrainOptions options, ILogger log, Device device, EnvSource? envs = null)
{
    private readonly EnvSource source = envs ?? new EnvSource(network, device);

    public const string AgentCheckpoint = "agent.pt";

    /// <summary>The agent of the epoch with the highest validation reward (written when the run selects the best).</summary>
    public const string BestAgentCheckpoint = "agent-best.pt";

    /// <summary>The checkpoint a finished run is evaluated with: the best epoch's agent where the run kept one.</summary>
    public static string FinalCheckpoint(string runDir) =>
        Path.Combine(runDir, File.Exists(Path.Combine(runDir, BestAgentCheckpoint)) ? BestAgentCheckpoint : AgentCheckpoint);

    /// <summary>Main-network weights after joint training (the pretrained main.pt is left as it was).</summary>
    public const string JointCheckpoint = "main-joint.pt";

    /// <summary>The learner's losses are logged (updates/ tags) as means over this many updates.</summary>
    public const int UpdatesPerLossLog = 10;

    public LayerSelectionOptions EnvOptions(bool keepGraph, bool shuffle) => new()
    {
        BatchSize = options.BatchSize,
        StepBudget = options.StepBudget,
        Reward = new PaperReward(options.Alpha, options.Beta, options.RedundancyPenalty),
        AgentFlopsPerDecision = agent.FlopsPerDecision,
        Shuffle = shuffle,
        KeepGraph = keepGraph,
        Solver = options.Solver,
        Observation = options.ObservationExtras,
    };

    public IReadOnlyList<TrainMetrics> Run(string runDir, bool resume, bool progress = true)
    {
        options.Validate();
        var policy = EpisodeLogPolicy.Parse(options.LogEpisodes);
        network.eval();
        using var mainOptimizer = options.Joint ? optim.Adam(network.parameters(), lr: options.MainLearningRate) : null;
        if (!options.Joint) foreach (var p in network.parameters()) p.requires_grad_(false);

        string metricsPath = Path.Combine(runDir, "metrics.csv"), episodesPath = Path.Combine(runDir, EpisodeLog.FileName);
        var state = new TrainerState(0, agent.Name, 0, double.NegativeInfinity, 0, 0, 0, 0);
        if (resume)
        {
            if (TrainerState.Restore(runDir, agent, options.Joint ? network : null, mainOptimizer) is { } saved)
            {
                state = saved;
                log.Information("Resuming {Run} after epoch {Epoch}", runDir, state.CompletedEpochs);
            }
            else
            {
                log.Information("Resuming {Run} from its start: no epoch was complete", runDir);
            }
            // Whatever was written after the saved state (a killed epoch's rows, a torn last row) is played again.
            CsvLog<TrainMetrics>.CutTo(metricsPath, state.MetricsBytes);
            CsvLog<EpisodeRow>.CutTo(episodesPath, state.EpisodesBytes);
        }

        var train = options.AgentSamples is int n ? data.Train.Head(n) : data.Train;
        using var env = source.Create(train, EnvOptions(options.Joint, shuffle: true), options.Seed);
        using var greedyEnv = agent is IGreedyRolloutLearner ? source.Create(train, EnvOptions(false, false)) : null;
        using var validationEnv = source.Create(data.Validation, EnvOptions(false, shuffle: false));
        var metrics = new CsvMetricsWriter<TrainMetrics>(metricsPath, TrainMetrics.Rows);
        using var recorder = Recorder.ForRun(runDir, log, "Epoch", metrics);
        if (state.CompletedEpochs == 0) recorder.RecordConfig(runDir);
        using var episodes = policy.Training || policy.Evaluation ? new EpisodeLog(runDir, state.NextEpisode) : null;
        var history = new List<TrainMetrics>();
        int batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
        long updates = state.Updates;
        var (bestEpoch, bestReward) = (state.BestEpoch, state.BestReward);

        for (int epoch = state.CompletedEpochs + 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var stats = new EpisodeStats(network.NumLayers);
            var bar = new ProgressBar($"train {agent.Name} epoch {epoch}/{options.Epochs}", batches, progress);
            var agentLoss = new List<double>();
            var entropy = new List<double>();
            double mainLoss = 0;
            int batch = 0;
            env.Rewind(options.Seed * 7919 + epoch);
            do
            {
                using var scope = NewDisposeScope();
                // A group learner plays every sample of the batch GroupSize times, side by side.
                float[] obs = agent is IGroupRolloutLearner group
                    ? env.ResetBatch(resetOptions: new Dictionary<string, object> { ["repeat"] = group.GroupSize })
                    : env.ResetBatch();
                var logThis = episodes is not null && policy.LogsTrainingBatch(batch);
                if (logThis) episodes!.BeginBatch(env.BatchCount);
                var rollout = RolloutCollector.Play(env, agent, explore: true, device, obs,
                                                    logThis ? (d, s) => episodes!.AddStep(env, d, s, "train", epoch) : null);
                if (mainOptimizer is not null) mainLoss += UpdateMain(mainOptimizer, env, epoch, batch);
                if (greedyEnv is not null)
                    rollout.GreedyReturns = RolloutCollector.Collect(greedyEnv, agent, explore: false, device,
                        resetOptions: new Dictionary<string, object> { ["indices"] = env.SampleIndices }).Returns;
                // Agents throw AgentDivergedException themselves on a non-finite loss; NaN here means "no update yet".
                var update = agent.Learn(rollout);
                updates++;
                agentLoss.Add(update.Loss);
                entropy.Add(update.Entropy);
                RecordUpdate(recorder, update, updates);
                if (logThis) episodes!.EndBatch();
                stats.Add(env, rollout);
                batch++;
                if (updates % 10 == 0) NativeMemory.Release();
                KillPoint.Reach("train-batch");
                bar.Report(batch, $"reward {stats.MeanReward:F3} acc {100 * stats.Accuracy:F1}% compute {stats.MeanCompute:F2}");
            }
            while (!env.PassFinished);
            bar.Done();
            double seconds = clock.Elapsed.TotalSeconds;
            var trainRow = Row(epoch, "train", stats.Episodes, stats.MeanReward, stats.Accuracy, stats.MeanCompute, stats.ActionFrequencies,
                               MeanOfFinite(agentLoss), MeanOfFinite(entropy), options.Joint ? mainLoss / batch : double.NaN, stats.Episodes / seconds, seconds);

            var val = AgentEvaluator.Evaluate(validationEnv, agent, device, policy.Evaluation ? episodes : null, epoch, "validation");
            var valRow = Row(epoch, "validation", val.Episodes, val.MeanReward, val.Accuracy, val.MeanCompute, val.ActionFrequencies,
                             double.NaN, double.NaN, double.NaN, double.NaN, clock.Elapsed.TotalSeconds - seconds);
            // The learner's last losses of the epoch first, at their own step (updates); then the epoch's figures.
            if (recorder.HasPending) recorder.Dump(updates);
            TrainMetrics.Record(recorder, trainRow, valRow);
            recorder.Record("charts/decisions_per_s", stats.Decisions / seconds);
            recorder.RecordHistogram("rollout/actions", stats.ActionCounts.SelectMany((count, action) => Enumerable.Repeat((double)action, (int)count)));
            for (int k = 0; k < network.NumLayers; k++)
            {
                recorder.RecordHistogram($"rollout/fpi_iterations_layer{k + 1}", stats.Iterations[k].Select(i => (double)i));
                recorder.RecordHistogram($"eval/fpi_iterations_layer{k + 1}", val.IterationHistogram[k].SelectMany((count, n) => Enumerable.Repeat((double)n, count)));
            }
            recorder.Dump(epoch);
            history.Add(trainRow);
            history.Add(valRow);
            KillPoint.Reach("epoch-logged");

            // Checkpoints first, the state last: a run killed in between replays this epoch, which writes
            // the same checkpoints again.
            agent.Save(Path.Combine(runDir, AgentCheckpoint));
            KillPoint.Reach("agent-saved");
            if (options.Joint) Checkpoint.Save(network, Path.Combine(runDir, JointCheckpoint));
            if (options.SelectsBest && val.MeanReward > bestReward)
            {
                (bestEpoch, bestReward) = (epoch, val.MeanReward);
                agent.Save(Path.Combine(runDir, BestAgentCheckpoint));
                KillPoint.Reach("best-saved");
            }
            new TrainerState(epoch, agent.Name, bestEpoch, bestReward, updates, metrics.Bytes, episodes?.Bytes ?? 0, episodes?.NextEpisode ?? 0)
                .Save(runDir, agent, options.Joint ? network : null, mainOptimizer);
            KillPoint.Reach("state-saved");
        }
        if (options.SelectsBest && bestEpoch > 0)
        {
            agent.Load(Path.Combine(runDir, BestAgentCheckpoint));
            log.Information("Kept the agent of epoch {Epoch} (validation reward {Reward:F4}) in {File}", bestEpoch, bestReward, BestAgentCheckpoint);
        }
        return history;
    }

    /// <summary>The learner's figures of one update, logged as means every <see cref="UpdatesPerLossLog"/> updates (TensorBoard only; step = updates).</summary>
    private static void RecordUpdate(Recorder recorder, AgentUpdate update, long updates)
    {
        const Sink exclude = Sink.Console | Sink.Csv;
        recorder.RecordMean("updates/loss", update.Loss, exclude);
        recorder.RecordMean("updates/entropy", update.Entropy, exclude);
        recorder.RecordMean("updates/baseline", update.Baseline, exclude);
        if (updates % UpdatesPerLossLog == 0 && recorder.HasPending) recorder.Dump(updates);
    }

    private double UpdateMain(optim.Optimizer optimizer, LayerSelectionEnv env, int epoch, int batch)
    {
        optimizer.zero_grad();
        using var loss = nn.functional.cross_entropy(env.Logits, env.LabelTensor);
        float value = loss.item<float>();
        if (!float.IsFinite(value))
            throw new DynaLay.Training.TrainingDivergedException($"Main-network loss became {value} at epoch {epoch}, batch {batch + 1} (joint training); the last good checkpoint ({JointCheckpoint}) is kept. Lower --main-lr.");
        loss.backward();
        nn.utils.clip_grad_norm_(network.parameters(), 5.0);
        optimizer.step();
        // Weights moved in evaluation mode, where the power iteration does not run by itself.
        foreach (var layer in network.Layers) layer.UpdateSpectralNorm();
        return value;
    }

    private TrainMetrics Row(int epoch, string split, int episodes, double reward, double acc, double compute, double[] freq,
                             double agentLoss, double entropy, double mainLoss, double rate, double seconds) =>
        new(epoch, split, episodes, reward, acc, compute,
            freq.ElementAtOrDefault(0), freq.ElementAtOrDefault(1), freq.ElementAtOrDefault(2), freq.ElementAtOrDefault(3),
            agentLoss, entropy, mainLoss, agent.Exploration ?? double.NaN, rate, seconds);

    private static double MeanOfFinite(List<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : finite.Average();
    }
}
