using DynaLay.Data;
using DynaLay.Fpi;
using DynaLay.Nets;
using TorchSharp;

namespace DynaLay.Runs;

/// <summary>
/// The main network side of a run directory: its dataset settings, architecture, solver settings,
/// vocabulary (text) and checkpoint. Every command that reads a run rebuilds exactly what wrote it.
/// </summary>
public static class MainRun
{
    public const string ConfigFile = "config.json";
    public const string VocabularyFile = "vocab.json";
    public const string CheckpointFile = "main.pt";

    /// <summary>Present while the run's pretraining is unfinished (see <c>PretrainState</c>).</summary>
    public const string PretrainStateFile = "pretrain-state.bin";

    public static NetworkConfig NetworkFor(Dataset data, NetworkConfig? template = null)
    {
        var t = template ?? new NetworkConfig();
        var kind = data.Modality == Modality.Image ? NetworkKind.Image : NetworkKind.Text;
        return t with
        {
            Kind = kind,
            ContractionScale = t.ContractionScale ?? NetworkConfig.DefaultContraction(kind),
            NumClasses = data.NumClasses,
            SampleShape = data.SampleShape,
            VocabSize = data.VocabSize,
        };
    }

    /// <summary>Creates a new run directory; refuses to write into one that already holds a run.</summary>
    public static string Create(string dir)
    {
        CheckNew(dir);
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException($"--out {dir} cannot be created ({e.Message}). Choose a directory you can write to.", e);
        }
        return dir;
    }

    /// <summary>Checks, before anything is computed or written, that a new run can go to <paramref name="dir"/>.</summary>
    public static void CheckNew(string dir)
    {
        if (File.Exists(dir)) throw new RunException($"--out {dir} is a file, not a directory; nothing was changed. Choose another --out.");
        if (File.Exists(Path.Combine(dir, ConfigFile)))
            throw new RunException($"{dir} already holds a run; nothing was changed. Choose another --out, pass --resume to continue it, or delete it first.");
        string? parent = Path.GetDirectoryName(Path.GetFullPath(dir));
        while (parent is not null && !Directory.Exists(parent))
        {
            if (File.Exists(parent)) throw new RunException($"--out {dir}: {parent} is a file, not a directory; nothing was changed. Choose another --out.");
            parent = Path.GetDirectoryName(parent);
        }
    }

    /// <summary>Refuses a run whose pretraining is unfinished, saying how to finish it.</summary>
    public static void EnsurePretrained(string dir)
    {
        if (!File.Exists(Path.Combine(dir, PretrainStateFile))) return;
        string command = RunConfig.Load(Path.Combine(dir, ConfigFile)).CommandName == "train" ? "train" : "pretrain";
        throw new RunException($"The pretraining of {dir} is unfinished (it was stopped before its last epoch or before its closing evaluation), so its main network is not the one asked for. " +
                               $"Finish it with: dynalay {command} --resume --out {dir}");
    }

    /// <summary>Writes the sections a later command needs to rebuild the data and the network.</summary>
    public static void Describe(RunConfig config, string dir, DatasetOptions dataOptions, Dataset data, NetworkConfig network, FpiOptions solver)
    {
        if (data.Vocabulary is not null)
        {
            string vocabPath = Path.Combine(dir, VocabularyFile);
            AtomicFile.Write(vocabPath, tmp => data.Vocabulary.Save(tmp));
            dataOptions = dataOptions with { VocabularyPath = VocabularyFile };
        }
        config.Set("dataset", dataOptions);
        config.Set("network", network);
        config.Set("solver", solver);
    }

    /// <summary>Loads a run's dataset (optionally from another directory) and its trained network.</summary>
    /// <param name="limit">A sample cap per split that replaces the run's own (a training run started from a pretrained one may use fewer samples).</param>
    public static (RunConfig Config, Dataset Data, MainNetwork Network, FpiOptions Solver) Open(string dir, string? dataDirOverride, torch.Device device, int? limit = null)
    {
        if (!Directory.Exists(dir)) throw new RunException($"Run directory {dir} does not exist.");
        EnsurePretrained(dir);
        return Open(dir, dataDirOverride, device, limit, weights: true);
    }

    /// <summary>A run whose pretraining is unfinished: its data and a network to restore the pretraining state into.</summary>
    public static (RunConfig Config, Dataset Data, MainNetwork Network, FpiOptions Solver) OpenUnfinished(string dir, string? dataDirOverride, torch.Device device) =>
        Open(dir, dataDirOverride, device, null, weights: false);

    private static (RunConfig Config, Dataset Data, MainNetwork Network, FpiOptions Solver) Open(string dir, string? dataDirOverride, torch.Device device, int? limit, bool weights)
    {
        var config = RunConfig.Load(Path.Combine(dir, ConfigFile));
        var dataOptions = config.Get<DatasetOptions>("dataset", dir);
        if (dataOptions.VocabularyPath is string vp && !Path.IsPathRooted(vp))
        {
            string full = Path.Combine(dir, vp);
            if (!File.Exists(full)) throw new RunException($"{full} is missing: a text run needs the vocabulary it was trained with.");
            dataOptions = dataOptions with { VocabularyPath = full };
        }
        if (dataDirOverride is not null) dataOptions = dataOptions with { DataDir = dataDirOverride };
        if (limit is not null) dataOptions = dataOptions with { Limit = limit };
        var networkConfig = config.Get<NetworkConfig>("network", dir);
        var solver = config.Get<FpiOptions>("solver", dir);
        var data = DatasetCatalog.Load(dataOptions);
        var expected = NetworkFor(data, networkConfig);
        if (!expected.SampleShape.SequenceEqual(networkConfig.SampleShape) || expected.NumClasses != networkConfig.NumClasses || expected.VocabSize != networkConfig.VocabSize)
        {
            data.Dispose();
            throw new RunException($"The data found ({data.Name}: {expected.NumClasses} classes, samples [{string.Join(",", expected.SampleShape)}]) does not match the network of {dir} " +
                                   $"({networkConfig.NumClasses} classes, samples [{string.Join(",", networkConfig.SampleShape)}]). Point --data-dir at the data the run was trained on.");
        }
        var network = MainNetwork.Create(networkConfig);
        network.to(device);
        if (weights)
        {
            try { Checkpoint.Load(network, Path.Combine(dir, CheckpointFile)); }
            catch
            {
                network.Dispose();
                data.Dispose();
                throw;
            }
        }
        network.eval();
        return (config, data, network, solver);
    }
}
