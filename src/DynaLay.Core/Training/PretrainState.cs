using System.Text.Json;
using DynaLay.Runs;
using static TorchSharp.torch;

namespace DynaLay.Training;

/// <summary>
/// Where an unfinished pretraining stands: epochs completed, the position of the mode sampler's random
/// stream, the length of the metrics log, the network's weights and the optimizer's moments. The file
/// exists from the start of pretraining until the command that pretrains is done with it, so a run that
/// holds one is unfinished: <see cref="MainRun.Open"/> refuses it, and <c>--resume</c> continues it to the
/// bytes an uninterrupted run writes.
/// </summary>
public sealed record PretrainState(int CompletedEpochs, int Epochs, long Draws, long MetricsBytes)
{
    public const string FileName = MainRun.PretrainStateFile;
    private const string Magic = "DynaLay.PretrainState/1";
    private const string WayOut = "Delete it and the run directory's main.pt to pretrain again from the start, or start a new run.";

    public void Save(string runDir, nn.Module network, optim.Optimizer optimizer) =>
        StateFile.Write(Path.Combine(runDir, FileName), Magic, w =>
        {
            w.Write(JsonSerializer.Serialize(this));
            network.save(w);
            OptimizerState.Write(w, optimizer);
        });

    /// <summary>Restores the network and optimizer to the saved state; null when there is none.</summary>
    public static PretrainState? Restore(string runDir, nn.Module network, optim.Optimizer optimizer)
    {
        string path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return null;
        using var reader = StateFile.Open(path, Magic, WayOut);
        try
        {
            var state = JsonSerializer.Deserialize<PretrainState>(reader.ReadString()) ?? throw new JsonException("no header");
            network.load(reader);
            OptimizerState.Read(reader, optimizer);
            return state;
        }
        catch (Exception e) when (e is not RunException)
        {
            throw StateFile.Damaged(path, e.Message, WayOut, e);
        }
    }

    /// <summary>Marks the pretraining of a run finished: its network may be used from now on.</summary>
    public static void Finish(string runDir) => File.Delete(Path.Combine(runDir, FileName));
}
