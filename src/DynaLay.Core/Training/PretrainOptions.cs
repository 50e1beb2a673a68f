using DynaLay.Fpi;
using DynaLay.Nets;

namespace DynaLay.Training;

/// <summary>
/// The paper's warm-up of the main network: Adam at batch 64 so that every mode gives sensible
/// predictions. Fpi is none | 1 | 1,2 | 1,2,3 (the layers that iterate in every batch), random
/// (each layer's mode drawn per batch, so all 2^L combinations an agent may choose are trained) or paired
/// (every batch trains the straight pass and a drawn set with at least one FPI layer, the loss their mean).
/// </summary>
public sealed record PretrainOptions
{
    /// <summary>Passes over the training split; text networks: <see cref="TextEpochs"/> (<see cref="DefaultsFor"/>).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>
    /// 5: on SpamAssassin (2,925 training messages, 46 steps an epoch) one epoch answers "ham" to everything
    /// and five reach 97-99% validation accuracy (seeds 0-2); synthetic-text gets the same, untuned.
    /// </summary>
    public const int TextEpochs = 5;

    /// <summary>The defaults of a network kind: these for images; text networks train <see cref="TextEpochs"/> epochs with balanced class weights.</summary>
    public static PretrainOptions DefaultsFor(NetworkKind kind) =>
        kind == NetworkKind.Image ? new() : new() { Epochs = TextEpochs, ClassWeights = "balanced" };

    public int BatchSize { get; init; } = 64;
    /// <summary>
    /// Peak Adam learning rate (constant when Schedule is constant). 4e-3: on synthetic, one epoch at 2e-3 left
    /// FPI at 95.0% validation accuracy (straight 83.8%), at 4e-3 98.8% (straight 87.2%).
    /// </summary>
    public double LearningRate { get; init; } = 4e-3;

    /// <summary>
    /// onecycle (default): warm up to LearningRate over the first 30% of the steps, then anneal (cosine)
    /// towards zero, which trains a short warm-up much further than a constant rate; constant: Adam as is.
    /// </summary>
    public string Schedule { get; init; } = "onecycle";
    public string Fpi { get; init; } = "random";
    public int Seed { get; init; }

    /// <summary>Probability that a layer runs in FPI mode in a batch when Fpi is random.</summary>
    public double RandomFpiProbability { get; init; } = 0.5;

    /// <summary>
    /// none: plain cross-entropy; balanced: each class weighted by N / (classes * its training count), so every
    /// class weighs the same in the loss whatever its share of the training split. Balanced for text
    /// (<see cref="DefaultsFor"/>): SpamAssassin's training split is 15% spam and its test split 50%, and balanced
    /// weights took Model 0 from 91.1% to 93.2% there (seed 0).
    /// </summary>
    public string ClassWeights { get; init; } = "none";

    /// <summary>Gradient clipping (global norm) guards the first steps of FPI training.</summary>
    public double ClipNorm { get; init; } = 5.0;

    /// <summary>
    /// Training batches from which every mode pattern's normalisation statistics are recomputed after each
    /// epoch (<see cref="BatchNormCalibration"/>); 0 keeps the running averages. 16 batches: 1024 samples per pattern.
    /// </summary>
    public int CalibrationBatches { get; init; } = 16;

    public FpiOptions Solver { get; init; } = new();

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "--epochs must be >= 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "--batch must be >= 1.");
        if (Schedule is not ("onecycle" or "constant")) throw new ArgumentException($"--schedule '{Schedule}' is not one of onecycle, constant.");
        if (ClassWeights is not ("none" or "balanced")) throw new ArgumentException($"--class-weights '{ClassWeights}' is not one of none, balanced.");
        if (CalibrationBatches < 0) throw new ArgumentOutOfRangeException(nameof(CalibrationBatches), CalibrationBatches, "--calibration-batches must be >= 0.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "--lr must be > 0.");
        Solver.Validate();
    }
}
