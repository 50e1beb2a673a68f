using CsvHelper;

namespace DynaLay.Agents.Logging;

/// <summary>
/// One row of episodes.csv: one step of one logged episode. List-valued columns (scores, iterations,
/// residuals) are ';'-separated, one value per action or per layer. Episodes played together share a
/// BatchId (the id of the batch's first episode), so a replay can rebuild the exact batch.
/// </summary>
[CsvRecord]
public sealed partial record EpisodeRow(
    long EpisodeId,
    long BatchId,
    long SampleIndex,
    string Split,
    int Epoch,
    int Step,
    int Action,
    string ScoreKind,
    string Scores,
    double Reward,
    double Penalty,
    double Compute,
    string Iterations,
    string Residuals,
    long Label,
    long Prediction,
    bool Correct,
    bool Terminated,
    bool Truncated,
    double Difficulty);
