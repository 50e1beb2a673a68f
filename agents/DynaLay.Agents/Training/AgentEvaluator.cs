using DynaLay.Agents.Logging;
using DynaLay.Envs.LayerSelection;
using TorchSharp;

namespace DynaLay.Agents.Training;

/// <summary>Runs an agent greedily over a whole split and summarises what it did.</summary>
public static class AgentEvaluator
{
    public static AgentEvaluation Evaluate(LayerSelectionEnv env, IAgent agent, torch.Device device,
                                           EpisodeLog? log = null, int epoch = 0, string? splitName = null)
    {
        string split = splitName ?? "test";
        var stats = new EpisodeStats(env.NumLayers);
        env.Rewind();
        do
        {
            float[] obs = env.ResetBatch();
            log?.BeginBatch(env.BatchCount);
            var rollout = RolloutCollector.Play(env, agent, explore: false, device, obs,
                                                log is null ? null : (d, s) => log.AddStep(env, d, s, split, epoch));
            log?.EndBatch();
            stats.Add(env, rollout);
            DynaLay.Runs.KillPoint.Reach("eval-batch");
        }
        while (!env.PassFinished);
        return Summarise(agent.Name, split, stats, env.NumLayers, env.Options.Solver.MaxIterations);
    }

    public static AgentEvaluation Summarise(string agent, string split, EpisodeStats stats, int layers, int maxIterations)
    {
        var histogram = new int[layers][];
        var meanIterations = new double[layers];
        for (int k = 0; k < layers; k++)
        {
            histogram[k] = new int[maxIterations + 1];
            foreach (int n in stats.Iterations[k]) histogram[k][Math.Min(n, maxIterations)]++;
            meanIterations[k] = stats.Episodes == 0 ? 0 : stats.Iterations[k].Sum() / (double)stats.Episodes;
        }
        var (easy, hard) = stats.ComputeByDifficulty();
        var (easyAccuracy, hardAccuracy) = stats.AccuracyByDifficulty();
        return new AgentEvaluation(agent, split, stats.Episodes, stats.Accuracy, stats.MeanCompute, stats.MeanReward,
                                   stats.ActionFrequencies, meanIterations, histogram, stats.DifficultyCorrelation, easy, hard,
                                   easyAccuracy, hardAccuracy);
    }
}
