using System.Text.Json;
using DynaLay.Runs;

namespace DynaLay.Agents.Training;

/// <summary>Where a training run stands, written with every checkpoint so that --resume continues after the last complete epoch.</summary>
public sealed record TrainerState(int CompletedEpochs, string Agent)
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
