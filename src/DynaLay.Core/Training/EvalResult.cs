namespace DynaLay.Training;

/// <summary>Loss, accuracy and compute of one configuration on one split.</summary>
public sealed record EvalResult(string Configuration, int Samples, double Loss, double Accuracy, double MeanCompute, double[] MeanIterations);
