namespace DynaLay.Agents.Training;

/// <summary>What a greedy pass of an agent over a split did.</summary>
public sealed record AgentEvaluation(
    string Agent,
    string Split,
    int Episodes,
    double Accuracy,
    double MeanCompute,
    double MeanReward,
    double[] ActionFrequencies,
    double[] MeanIterations,
    int[][] IterationHistogram,
    double DifficultyCorrelation,
    double EasyCompute,
    double HardCompute,
    double EasyAccuracy,
    double HardAccuracy);
