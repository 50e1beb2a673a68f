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
        if (File.Exists(Path.Combine(dir, ConfigFile)))
            throw new RunException($"{dir} already holds a run; nothing was changed. Choose another --out, or delete that directory first.");
        Directory.CreateDirectory(dir);
        return dir;
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
        Checkpoint.Load(network, Path.Combine(dir, CheckpointFile));
        network.eval();
        return (config, data, network, solver);
    }
}
