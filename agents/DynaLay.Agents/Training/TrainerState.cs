using System.Text.Json;
using System.Text.Json.Serialization;
using DynaLay.Runs;
using static TorchSharp.torch;

namespace DynaLay.Agents.Training;

/// <summary>
/// Where a training run stands after its last complete epoch, with everything needed to continue from there
/// exactly as if the run had never stopped: the agent's training state (<see cref="IAgent.SaveState"/>), the
/// main network and its optimizer under joint training, the best epoch so far, the number of updates, and
/// the lengths the logs had (a resumed run cuts them back to these, dropping whatever a killed epoch wrote,
/// torn last rows included). Written atomically after an epoch's logs and checkpoints, it is the epoch's
/// commit point. The file ends with the SHA-256 of its contents, so a damaged one is named, never used.
/// </summary>
/// <param name="BestEpoch">The epoch whose agent earned the highest validation reward so far (0: none kept).</param>
public sealed record TrainerState(int CompletedEpochs, string Agent, int BestEpoch, double BestReward, long Updates,
                                  long MetricsBytes, long EpisodesBytes, long NextEpisode)
{
    public const string FileName = "trainer-state.bin";

    /// <summary>What runs of earlier versions wrote: the epoch count alone, not enough to resume exactly.</summary>
    public const string LegacyFileName = "trainer-state.json";

    private const string Magic = "DynaLay.TrainerState/2";
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes this state with the agent's and (joint training) the main network's.</summary>
    public void Save(string runDir, IAgent agent, nn.Module? main, optim.Optimizer? mainOptimizer) =>
        StateFile.Write(Path.Combine(runDir, FileName), Magic, w =>
        {
            w.Write(JsonSerializer.Serialize(this, Json));
            agent.SaveState(w);
            w.Write(main is not null);
            if (main is not null)
            {
                main.save(w);
                OptimizerState.Write(w, mainOptimizer!);
            }
        });

    /// <summary>The state of a run (null when it completed no epoch); a damaged or foreign file is a clear error.</summary>
    public static TrainerState? Peek(string runDir)
    {
        if (Open(runDir) is not { } opened) return null;
        opened.Body.Dispose();
        return opened.State;
    }

    /// <summary>Reads the state and restores the agent (and the main network and its optimizer) to it.</summary>
    public static TrainerState? Restore(string runDir, IAgent agent, nn.Module? main, optim.Optimizer? mainOptimizer)
    {
        if (Open(runDir) is not { } opened) return null;
        var (state, reader, path) = opened;
        using (reader)
        {
            if (state.Agent != agent.Name) throw new RunException($"{runDir} was training agent '{state.Agent}', not '{agent.Name}'.");
            try
            {
                agent.LoadState(reader);
                bool joint = reader.ReadBoolean();
                if (joint != (main is not null))
                    throw new RunException($"{path} was written {(joint ? "with" : "without")} joint training of the main network, but the run's config.json says otherwise.");
                if (main is not null)
                {
                    main.load(reader);
                    OptimizerState.Read(reader, mainOptimizer!);
                }
            }
            catch (Exception e) when (e is not RunException)
            {
                throw new RunException($"{path} does not fit the run's agent or network ({e.Message}); was the run's config.json edited? Start the run again in a new directory.", e);
            }
        }
        return state;
    }

    private const string WayOut = "The run's checkpoints and logs are intact, but it cannot be resumed from this state: delete the file to train the run again from its first epoch, or start a new run.";

    private static (TrainerState State, BinaryReader Body, string Path)? Open(string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        if (!File.Exists(path))
        {
            if (File.Exists(Path.Combine(runDir, LegacyFileName)))
                throw new RunException($"{runDir} was written by an earlier version of dynalay, which did not save the optimizer and random state an exact resume needs. " +
                                       "Its checkpoints and logs still serve eval and replay; train further in a new run.");
            return null;
        }
        var reader = StateFile.Open(path, Magic, WayOut);
        try
        {
            var state = JsonSerializer.Deserialize<TrainerState>(reader.ReadString(), Json) ?? throw new JsonException("no header");
            return (state, reader, path);
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException or IOException)
        {
            reader.Dispose();
            throw StateFile.Damaged(path, e.Message, WayOut, e);
        }
    }

}
