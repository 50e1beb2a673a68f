using DynaLay.Envs.LayerSelection;
using MathNet.Numerics.Statistics;

namespace DynaLay.Agents.Training;

/// <summary>Accumulates what finished batches of episodes did: reward, accuracy, compute, actions, iterations, difficulty.</summary>
public sealed class EpisodeStats(int layers)
{
    private readonly List<double> returns = [];
    private readonly List<double> compute = [];
    private readonly List<double> difficulty = [];
    private readonly List<double> computeWithDifficulty = [];
    private readonly List<bool> correctWithDifficulty = [];
    private readonly long[] actionCounts = new long[layers + 1];
    private readonly List<int>[] iterations = Enumerable.Range(0, layers).Select(_ => new List<int>()).ToArray();
    private long correct;

    public int Episodes => returns.Count;

    /// <summary>Adds the batch the environment has just finished.</summary>
    public void Add(LayerSelectionEnv env, Agents.Rollout rollout)
    {
        var ret = rollout.Returns;
        for (int i = 0; i < env.BatchCount; i++)
        {
            returns.Add(ret[i]);
            compute.Add(env.Penalty[i]);
            bool right = env.Predictions[i] == env.Labels[i];
            if (right) correct++;
            for (int k = 0; k < layers; k++)
                if (env.Modes[i, k]) iterations[k].Add(env.Iterations[i, k]);
            if (env.Difficulty is { } d)
            {
                difficulty.Add(d[i]);
                computeWithDifficulty.Add(env.Penalty[i]);
                correctWithDifficulty.Add(right);
            }
        }
        foreach (var step in rollout.Steps)
            for (int i = 0; i < step.Actions.Length; i++)
                if (step.Active[i]) actionCounts[step.Actions[i]]++;
    }

    public double MeanReward => returns.Count == 0 ? double.NaN : returns.Average();
    public double Accuracy => returns.Count == 0 ? double.NaN : (double)correct / returns.Count;

    /// <summary>Mean penalty (compute in straight-pass units, agent and redundancy included).</summary>
    public double MeanCompute => compute.Count == 0 ? double.NaN : compute.Average();

    public double[] ActionFrequencies
    {
        get
        {
            double total = Math.Max(1, actionCounts.Sum());
            return actionCounts.Select(c => c / total).ToArray();
        }
    }

    /// <summary>Decisions taken per action (0 = NOP, k = layer k).</summary>
    public IReadOnlyList<long> ActionCounts => actionCounts;

    /// <summary>Decisions taken, all actions.</summary>
    public long Decisions => actionCounts.Sum();

    /// <summary>FPI iterations of each layer over the samples that iterated it.</summary>
    public IReadOnlyList<int>[] Iterations => iterations;

    /// <summary>Pearson correlation of compute with difficulty; NaN when the data records no difficulty.</summary>
    public double DifficultyCorrelation =>
        difficulty.Count < 3 ? double.NaN : Correlation.Pearson(difficulty, computeWithDifficulty);

    /// <summary>Mean compute of the easiest and hardest thirds of the samples (by recorded difficulty).</summary>
    public (double Easy, double Hard) ComputeByDifficulty() => ByDifficultyThird(computeWithDifficulty);

    /// <summary>Accuracy of the easiest and hardest thirds of the samples (by recorded difficulty).</summary>
    public (double Easy, double Hard) AccuracyByDifficulty() => ByDifficultyThird(correctWithDifficulty.Select(c => c ? 1.0 : 0.0).ToList());

    private (double Easy, double Hard) ByDifficultyThird(IReadOnlyList<double> values)
    {
        if (difficulty.Count < 3) return (double.NaN, double.NaN);
        var order = Enumerable.Range(0, difficulty.Count).OrderBy(i => difficulty[i]).ToList();
        int third = order.Count / 3;
        return (order.Take(third).Average(i => values[i]), order.Skip(order.Count - third).Average(i => values[i]));
    }
}
