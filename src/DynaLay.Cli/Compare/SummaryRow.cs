namespace DynaLay.Cli.Compare;

/// <summary>One agent at one penalty, over seeds: means with 95% confidence half-widths, and (learners) the test against the best baseline.</summary>
public sealed record SummaryRow(
    string Agent, string Kind, double Penalty, int Seeds,
    double Accuracy, double AccuracyCi, double Compute, double ComputeCi, double Reward, double RewardCi,
    double[] ActionFrequencies, string BestBaseline, double RewardVsBest, double PValue,
    double RewardIqm = double.NaN, double RewardIqmLow = double.NaN, double RewardIqmHigh = double.NaN, double ProbabilityOfImprovement = double.NaN);
