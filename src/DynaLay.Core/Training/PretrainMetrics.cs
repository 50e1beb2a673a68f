using CsvHelper;

namespace DynaLay.Training;

/// <summary>One row of a pretraining run's metrics.csv (one per epoch).</summary>
[CsvRecord]
public sealed partial record PretrainMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationAccuracyModel0,
    double ValidationAccuracyAllFpi,
    double Seconds,
    double SamplesPerSecond);
