using CsvHelper;

namespace DynaLay.Agents.Training;

/// <summary>
/// One row of an agent run's metrics.csv: one per epoch and split ("train" while exploring,
/// "validation" greedy). Action frequencies are shares of all decisions; the networks here have three
/// FPI layers, so the columns are fixed.
/// </summary>
[CsvRecord]
public sealed partial record TrainMetrics(
    int Epoch,
    string Split,
    int Episodes,
    double MeanReward,
    double Accuracy,
    double MeanCompute,
    double FreqNop,
    double FreqLayer1,
    double FreqLayer2,
    double FreqLayer3,
    double AgentLoss,
    double Entropy,
    double MainLoss,
    double Epsilon,
    double SamplesPerSecond,
    double Seconds);
