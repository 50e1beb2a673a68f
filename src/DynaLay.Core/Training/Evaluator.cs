using DynaLay.Data;
using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Training;

/// <summary>Evaluates the main network in fixed modes (no agent) on a split.</summary>
public sealed class Evaluator(MainNetwork network, Device device, int batchSize = 256)
{
    /// <summary>Accuracy, loss, compute and iterations of one mode set; <paramref name="batchDone"/> hears of each batch evaluated.</summary>
    public EvalResult Evaluate(DataSplit split, bool[] modes, FpiOptions solver, string? name = null, Action<int>? batchDone = null)
    {
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var _ = inference_mode();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            double lossSum = 0, computeSum = 0;
            long correct = 0;
            var iterSums = new double[network.NumLayers];
            var convergedCounts = new long[network.NumLayers];
            int seen = 0;
            foreach (var batch in split.Batches(batchSize, shuffle: false, seed: 0, device))
            {
                if (++seen % 2 == 0) Util.NativeMemory.Release();
                using var scope = NewDisposeScope();
                using var b = batch;
                using var output = network.Forward(b.Inputs, modes, solver);
                using var loss = nn.functional.cross_entropy(output.Logits, b.Labels, reduction: nn.Reduction.Sum);
                using var hits = output.Logits.argmax(1).eq(b.Labels).sum();
                lossSum += loss.item<float>();
                correct += hits.item<long>();
                for (int i = 0; i < b.Size; i++)
                {
                    computeSum += output.Compute[i];
                    for (int k = 0; k < network.NumLayers; k++)
                    {
                        iterSums[k] += output.Iterations[i, k];
                        if (output.Converged[i, k]) convergedCounts[k]++;
                    }
                }
                batchDone?.Invoke(seen);
            }
            int n = Math.Max(1, split.Count);
            return new EvalResult(name ?? $"FPI {LayerModes.Describe(modes)}", split.Count, lossSum / n, (double)correct / n,
                                  computeSum / n, iterSums.Select(s => s / n).ToArray(),
                                  convergedCounts.Select((c, k) => modes[k] ? (double)c / n : double.NaN).ToArray(), clock.Elapsed.TotalSeconds);
        }
        finally
        {
            if (wasTraining) network.train();
        }
    }

    /// <summary>The paper's Appendix D.1 table: Models 0..L, with a progress bar when <paramref name="progress"/>.</summary>
    public IReadOnlyList<EvalResult> EvaluateModels(DataSplit split, FpiOptions solver, bool progress = false)
    {
        int models = network.NumLayers + 1, batches = Math.Max(1, (split.Count + batchSize - 1) / batchSize);
        var bar = new Util.ProgressBar($"evaluate Models 0-{models - 1} on {split.Name}", (long)models * batches, progress);
        var results = Enumerable.Range(0, models)
            .Select(m => Evaluate(split, LayerModes.Model(m, network.NumLayers), solver, $"Model {m}", done => bar.Report((long)m * batches + done)))
            .ToList();
        bar.Done();
        return results;
    }
}
