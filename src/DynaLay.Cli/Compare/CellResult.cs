namespace DynaLay.Cli.Compare;

/// <summary>One row of a finished cell's eval.csv (the cell's learner or one of the baselines), with the cell's coordinates.</summary>
public sealed record CellResult(
    string Cell, string Learner, int Seed, double Penalty, string Agent,
    double Accuracy, double Compute, double Reward, double[] ActionFrequencies, double DifficultyCorrelation,
    double EasyCompute, double HardCompute);
