using System.Diagnostics;
using DynaLay.Data;
using DynaLay.Logging;
using DynaLay.Nets;
using DynaLay.Runs;
using DynaLay.Util;
using Serilog;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Training;

/// <summary>
/// Warm-up training of the main network with cross-entropy under the configured modes. Each epoch
/// ends with a validation pass in Model 0 and with every layer iterating, a metrics row and an atomic
/// checkpoint, then the <see cref="PretrainState"/> (the epoch's commit point); a NaN loss stops training
/// before anything is overwritten. With resume it continues from the saved state, cutting the metrics log
/// back to it, and ends with the bytes an uninterrupted run writes.
/// </summary>
public sealed class Pretrainer(MainNetwork network, Dataset data, PretrainOptions options, ILogger log, Device device)
{
    public const string CheckpointName = Runs.MainRun.CheckpointFile;

    /// <param name="metricsFile">The metrics log's name in the run directory (a training run that pretrains its own network keeps it apart).</param>
    public IReadOnlyList<PretrainMetrics> Run(string runDir, bool progress = true, bool resume = false, string metricsFile = "metrics.csv")
    {
        options.Validate();
        bool paired = options.Fpi.Equals("paired", StringComparison.OrdinalIgnoreCase);
        bool random = paired || options.Fpi.Equals("random", StringComparison.OrdinalIgnoreCase);
        bool[] fixedModes = random ? new bool[network.NumLayers] : LayerModes.Parse(options.Fpi, network.NumLayers);
        var straightModes = new bool[network.NumLayers];
        var rng = new ResumableRandom(options.Seed);
        using var optimizer = optim.Adam(network.parameters(), lr: options.LearningRate);
        int batchesPerEpoch = (data.Train.Count + options.BatchSize - 1) / options.BatchSize;
        using var classWeights = options.ClassWeights == "balanced" ? BalancedWeights(data.Train, data.NumClasses, device) : null;
        var schedule = options.Schedule == "onecycle"
            ? optim.lr_scheduler.OneCycleLR(optimizer, options.LearningRate, total_steps: batchesPerEpoch * options.Epochs)
            : null;
        string metricsPath = Path.Combine(runDir, metricsFile);
        var state = new PretrainState(0, options.Epochs, 0, 0);
        if (resume && PretrainState.Restore(runDir, network, optimizer) is { } saved)
        {
            state = saved;
            rng.Restore(state.Draws);
            // The schedule is a function of its step count: replaying the steps sets the rate (and momentum) the run had.
            for (int s = 0; s < state.CompletedEpochs * batchesPerEpoch; s++) schedule?.step();
            log.Information("Resuming the pretraining in {Run} after epoch {Epoch} of {Epochs}", runDir, state.CompletedEpochs, options.Epochs);
        }
        if (resume) CsvLog<PretrainMetrics>.CutTo(metricsPath, state.MetricsBytes);
        if (state.CompletedEpochs == 0) state.Save(runDir, network, optimizer);
        var metricsLog = new CsvMetricsWriter<PretrainMetrics>(metricsPath, PretrainMetrics.Rows);
        using var recorder = Recorder.ForRun(runDir, log, "Epoch", metricsLog);
        if (state.CompletedEpochs == 0) recorder.RecordConfig(runDir);
        var history = new List<PretrainMetrics>();

        for (int epoch = state.CompletedEpochs + 1; epoch <= options.Epochs; epoch++)
        {
            network.train();
            var clock = Stopwatch.StartNew();
            var bar = new ProgressBar($"pretrain epoch {epoch}/{options.Epochs}", batchesPerEpoch, progress);
            double lossSum = 0;
            long correct = 0, seen = 0;
            int step = 0;
            foreach (var batch in data.Train.Batches(options.BatchSize, shuffle: true, seed: options.Seed * 1000 + epoch, device))
            {
                using var scope = NewDisposeScope();
                using var _ = batch;
                bool[] modes = random ? DrawModes(rng, atLeastOne: paired) : fixedModes;
                optimizer.zero_grad();
                using var output = network.Forward(batch.Inputs, modes, options.Solver);
                var loss = nn.functional.cross_entropy(output.Logits, batch.Labels, weight: classWeights);
                if (paired)
                {
                    // The straight pass learns from every batch, as a network trained without FPI does, and the drawn modes beside it.
                    using var straight = network.Forward(batch.Inputs, straightModes, options.Solver);
                    using var straightLoss = nn.functional.cross_entropy(straight.Logits, batch.Labels, weight: classWeights);
                    loss = (loss + straightLoss) / 2;
                }
                float lossValue = loss.item<float>();
                if (!float.IsFinite(lossValue))
                    throw new TrainingDivergedException(
                        $"Pretraining loss became {lossValue} at epoch {epoch}, step {step + 1} (modes {LayerModes.Describe(modes)}). " +
                        $"The last good checkpoint ({CheckpointName}) is kept; lower --lr or check the data.");
                loss.backward();
                nn.utils.clip_grad_norm_(network.parameters(), options.ClipNorm);
                optimizer.step();
                schedule?.step();

                using var pred = output.Logits.argmax(1);
                using var hits = pred.eq(batch.Labels).sum();
                correct += hits.item<long>();
                seen += batch.Size;
                lossSum += lossValue * batch.Size;
                step++;
                // Adam's implicit scalars wait for the finalizer; collecting now and then keeps memory flat.
                if (step % 10 == 0) NativeMemory.Release();
                KillPoint.Reach("pretrain-batch");
                bar.Report(step, $"loss {lossSum / seen:F3} acc {100.0 * correct / seen:F1}%");
            }
            bar.Done();
            BatchNormCalibration.Run(network, data.Train, options.CalibrationBatches, options.BatchSize, options.Solver, options.Seed * 1000 + epoch, device);

            var evaluator = new Evaluator(network, device);
            double acc0 = evaluator.Evaluate(data.Validation, LayerModes.Model(0, network.NumLayers), options.Solver).Accuracy;
            double accAll = evaluator.Evaluate(data.Validation, LayerModes.Model(network.NumLayers, network.NumLayers), options.Solver).Accuracy;
            double seconds = clock.Elapsed.TotalSeconds;
            var row = new PretrainMetrics(epoch, lossSum / seen, (double)correct / seen, acc0, accAll, seconds, seen / seconds);
            history.Add(row);
            row.Record(recorder);
            recorder.Dump(epoch);
            KillPoint.Reach("pretrain-epoch-logged");
            Checkpoint.Save(network, Path.Combine(runDir, CheckpointName));
            KillPoint.Reach("pretrain-checkpoint");
            new PretrainState(epoch, options.Epochs, rng.Draws, metricsLog.Bytes).Save(runDir, network, optimizer);
            KillPoint.Reach("pretrain-state-saved");
        }
        return history;
    }

    /// <summary>N / (classes * count) per class; a class absent from the split weighs nothing.</summary>
    internal static Tensor BalancedWeights(DataSplit split, int numClasses, Device device)
    {
        var counts = split.ClassCounts(numClasses);
        var weights = counts.Select(c => c == 0 ? 0f : (float)((double)split.Count / (numClasses * c))).ToArray();
        return tensor(weights, device: device);
    }

    /// <summary>Each layer in FPI mode with <see cref="PretrainOptions.RandomFpiProbability"/>; with atLeastOne, drawn again until some layer is.</summary>
    private bool[] DrawModes(ResumableRandom rng, bool atLeastOne)
    {
        var modes = new bool[network.NumLayers];
        do
        {
            for (int k = 0; k < modes.Length; k++) modes[k] = rng.NextDouble() < options.RandomFpiProbability;
        }
        while (atLeastOne && !modes.Any(m => m));
        return modes;
    }
}
