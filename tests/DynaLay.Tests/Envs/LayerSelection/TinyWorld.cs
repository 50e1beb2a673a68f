using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Nets;
using TorchSharp;

namespace DynaLay.Tests.Envs.LayerSelection;

/// <summary>Small generated data and a small untrained network of either kind, for fast environment tests.</summary>
public static class TinyWorld
{
    public static (Dataset Data, MainNetwork Network) Make(string kind, int seed = 0)
    {
        torch.manual_seed(seed);
        var data = DatasetCatalog.Load(kind == "image"
            ? new DatasetOptions { Name = "synthetic", Seed = seed, SyntheticTrain = 96, SyntheticTest = 48 }
            : new DatasetOptions { Name = "synthetic-text", Seed = seed, SyntheticTrain = 96, SyntheticTest = 48, MaxLength = 12 });
        var config = kind == "image"
            ? new NetworkConfig { Channels = [4, 6, 8] }
            : new NetworkConfig { EmbeddingDim = 8, Hidden = 8 };
        var network = MainNetwork.Create(Runs.MainRun.NetworkFor(data, config));
        network.eval();
        return (data, network);
    }

    public static LayerSelectionEnv Env(string kind, int batch = 8, LayerSelectionOptions? options = null, int seed = 0)
    {
        var (data, network) = Make(kind, seed);
        return new LayerSelectionEnv(network, data.Test, (options ?? new LayerSelectionOptions()) with { BatchSize = batch });
    }
}
