using System.Text.Json;
using DynaLay.Runs;

namespace DynaLay.Agents.Training;

/// <summary>Where a training run stands, written with every checkpoint so that --resume continues after the last complete epoch.</summary>
/// <param name="BestEpoch">The epoch whose agent earned the highest validation reward so far (0: none kept).</param>
public sealed record TrainerState(int CompletedEpochs, string Agent, int BestEpoch = 0, double BestReward = double.NegativeInfinity)
{
    public const string FileName = "trainer-state.json";

    public void Save(string runDir) => AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(this, RunConfig.Json));

    public static TrainerState? Load(string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return null;
        return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), RunConfig.Json)
               ?? throw new RunException($"{path} is empty or damaged; delete it to start the run again.");
    }
}
