namespace DynaLay.Training;

/// <summary>Loss, accuracy and compute of one configuration on one split.</summary>
/// <param name="MeanIterations">Per layer: applications of f per sample, averaged over all samples (0 where a layer ran straight).</param>
/// <param name="ConvergedShare">Per layer: the share of FPI solves that reached the tolerance; NaN where the layer ran straight.</param>
/// <param name="Seconds">Wall-clock time of the evaluation.</param>
public sealed record EvalResult(string Configuration, int Samples, double Loss, double Accuracy, double MeanCompute, double[] MeanIterations,
                                double[] ConvergedShare, double Seconds);
