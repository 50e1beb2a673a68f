using DynaLay.Data;
using DynaLay.Fpi;
using DynaLay.Nets;
using DynaLay.Util;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Training;

/// <summary>
/// Recomputes the running statistics of every <see cref="ModeBatchNorm"/> for every mode pattern from the
/// same training batches. Random-mode pretraining visits a pattern of k upstream layers in about one batch
/// of 2^k, so with momentum 0.1 the rare patterns' statistics are still half-way from their initial values
/// after a short run (Model 3 lost 13 points of accuracy to that after one epoch on synthetic).
/// </summary>
public static class BatchNormCalibration
{
    public static void Run(MainNetwork network, DataSplit split, int batches, int batchSize, FpiOptions solver, int seed, Device device)
    {
        var norms = network.modules().OfType<ModeBatchNorm>().ToArray();
        if (norms.Length == 0 || batches < 1) return;
        bool wasTraining = network.training;
        // Only the normalisations run in training mode: the spectral-norm power iteration and the stem's
        // statistics stay as they are.
        network.eval();
        foreach (var norm in norms)
        {
            norm.train();
            norm.BeginCalibration();
        }
        try
        {
            using var _ = no_grad();
            var sample = split.Batches(batchSize, shuffle: true, seed: seed, device).Take(batches).ToList();
            try
            {
                for (int pattern = 0; pattern < 1 << network.NumLayers; pattern++)
                {
                    var modes = Enumerable.Range(0, network.NumLayers).Select(k => (pattern >> k & 1) == 1).ToArray();
                    foreach (var batch in sample)
                    {
                        using var scope = NewDisposeScope();
                        using (network.Forward(batch.Inputs, modes, solver)) { }
                    }
                    // As in training: hand the freed activation memory back, or the heap keeps every pattern's peak.
                    NativeMemory.Release();
                }
            }
            finally
            {
                foreach (var batch in sample) batch.Dispose();
            }
        }
        finally
        {
            foreach (var norm in norms) norm.EndCalibration();
            network.train(wasTraining);
        }
    }
}
