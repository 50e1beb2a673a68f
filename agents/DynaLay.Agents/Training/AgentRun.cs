using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Fpi;
using DynaLay.Nets;
using DynaLay.Runs;
using TorchSharp;

namespace DynaLay.Agents.Training;

/// <summary>What config.json records about the agent of a training run.</summary>
public sealed record AgentSection(string Name, double FlopsPerDecision, object? Options);

/// <summary>
/// An agent training run directory: the main-run files (config sections, main.pt, vocabulary) plus
/// the "train" and "agent" sections, agent.pt, and main-joint.pt after joint training.
/// </summary>
public static class AgentRun
{
    public sealed record Opened(RunConfig Config, Dataset Data, MainNetwork Network, FpiOptions Solver, TrainOptions Train, AgentSection Agent) : IDisposable
    {
        public void Dispose()
        {
            Network.Dispose();
            Data.Dispose();
        }
    }

    /// <summary>Opens a training run: its data, and its main network with the weights it ended with.</summary>
    public static Opened Open(string dir, string? dataDir, torch.Device device)
    {
        var (config, data, network, solver) = MainRun.Open(dir, dataDir, device);
        try
        {
            var train = config.Get<TrainOptions>("train", dir);
            var agent = config.Get<AgentSection>("agent", dir);
            string joint = Path.Combine(dir, AgentTrainer.JointCheckpoint);
            if (train.Joint && File.Exists(joint)) Checkpoint.Load(network, joint);
            network.eval();
            return new Opened(config, data, network, solver, train, agent);
        }
        catch
        {
            network.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>The environment a run's agent played, over the named split, visiting samples in order.</summary>
    public static LayerSelectionEnv EnvFor(Opened run, string split, torch.Device device, double? agentFlops = null)
    {
        var s = split switch
        {
            "train" => run.Data.Train,
            "validation" => run.Data.Validation,
            "test" => run.Data.Test,
            _ => throw new RunException($"Unknown split '{split}' in the episode log (expected train, validation or test)."),
        };
        return new LayerSelectionEnv(run.Network, s, new LayerSelectionOptions
        {
            BatchSize = run.Train.BatchSize,
            StepBudget = run.Train.StepBudget,
            Reward = new PaperReward(run.Train.Alpha, run.Train.Beta, run.Train.RedundancyPenalty),
            AgentFlopsPerDecision = agentFlops ?? run.Agent.FlopsPerDecision,
            Shuffle = false,
            Solver = run.Solver,
            Observation = run.Train.ObservationExtras,
        }, device);
    }

    /// <summary>The run's agent, built with the hyperparameters it was trained with (weights not loaded).</summary>
    /// <summary>
    /// The environments of an agent run: from the mode-set tables of the network in <paramref name="tablesDir"/>
    /// (built on first use and cached there) when the options say table, live otherwise.
    /// </summary>
    public static EnvSource Envs(string tablesDir, MainNetwork network, TrainOptions options, torch.Device device, Serilog.ILogger log, bool progress)
    {
        if (!options.Tabulated) return new EnvSource(network, device);
        if (network.NumLayers > DynaLay.Envs.Tabulated.ModeSetTable.MaxLayers)
        {
            if (options.Env == "table")
                throw new RunException($"--env table: a table holds 2^L mode sets per sample, and L = {network.NumLayers} is above the limit of {DynaLay.Envs.Tabulated.ModeSetTable.MaxLayers}. Use --env live.");
            log.Warning("The network has {Layers} FPI layers: 2^L mode sets are too many to tabulate (limit L = {Limit}); the environment runs live",
                        network.NumLayers, DynaLay.Envs.Tabulated.ModeSetTable.MaxLayers);
            return new EnvSource(network, device);
        }
        string checkpoint = Path.Combine(tablesDir, MainRun.CheckpointFile);
        if (!File.Exists(checkpoint)) throw new RunException($"{checkpoint} is missing: the tables are built from the checkpoint of the network they describe.");
        return new EnvSource(network, device,
            split => DynaLay.Envs.Tabulated.TableCache.Open(tablesDir, checkpoint, network, split, options.Solver, device, log, progress, options.ObservationExtras));
    }

    /// <summary>Where an existing agent run finds its tables: the recorded directory while it holds the same checkpoint, else the run's own.</summary>
    public static string TablesDir(string runDir, TrainOptions options)
    {
        if (options.Tables is string dir && File.Exists(Path.Combine(dir, MainRun.CheckpointFile)) &&
            File.ReadAllBytes(Path.Combine(dir, MainRun.CheckpointFile)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(runDir, MainRun.CheckpointFile))))
            return dir;
        return runDir;
    }

    public static IAgent CreateAgent(Opened run, string dir, torch.Device device)
    {
        // A baseline's recorded options (fixed:K's layer, threshold:K:P's layer and threshold) are its name's
        // parameters, not hyperparameters: the name alone rebuilds it.
        var overrides = AgentRegistry.Hyperparameters(run.Agent.Name).Count == 0 ? [] :
            run.Config.Get<System.Text.Json.Nodes.JsonObject>("agent", dir)["options"]?.AsObject()
                .ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "") ?? [];
        using var probe = new LayerSelectionEnv(run.Network, run.Data.Train, new() { BatchSize = 1, Observation = run.Train.ObservationExtras }, device);
        return AgentRegistry.Create(run.Agent.Name, AgentContext.For(probe, device, run.Train.Seed), overrides);
    }

    /// <summary>Copies the main-run files a training run starts from (config sections, checkpoint, vocabulary).</summary>
    public static void CopyMainFiles(string from, string to)
    {
        foreach (var f in new[] { MainRun.CheckpointFile, MainRun.CheckpointFile + ".json", MainRun.VocabularyFile })
        {
            string src = Path.Combine(from, f);
            if (File.Exists(src)) AtomicFile.Write(Path.Combine(to, f), tmp => File.Copy(src, tmp, overwrite: true));
        }
    }
}
