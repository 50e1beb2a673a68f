using DynaLay.Fpi;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Nets;

/// <summary>
/// A stem, L FPI layers and a classifier head. The environment drives the pieces one by one
/// (<see cref="Stem"/>, <see cref="Layers"/>, <see cref="Head"/>); <see cref="Forward"/> runs them all
/// with a per-sample choice of mode, gathering the samples that iterate a layer and solving them together.
/// </summary>
public abstract class MainNetwork : nn.Module
{
    protected MainNetwork(string name, NetworkConfig config) : base(name) => Config = config;

    public NetworkConfig Config { get; }
    public abstract IReadOnlyList<FpiLayer> Layers { get; }
    public int NumLayers => Layers.Count;

    public abstract Tensor Stem(Tensor x);
    public abstract Tensor Head(Tensor features);

    /// <summary>A layer's activation averaged over space (images) or a text's tokens, one value per channel: what the head and the observation read.</summary>
    public abstract Tensor Pool(Tensor activation);

    /// <summary>A layer's activation's standard deviation over the positions <see cref="Pool"/> averages, one value per channel.</summary>
    public abstract Tensor Spread(Tensor activation);

    public abstract double StemFlops { get; }
    public abstract double HeadFlops { get; }

    /// <summary>FLOPs of one straight pass of the whole network: the unit of compute.</summary>
    public double StraightPassFlops => StemFlops + Layers.Sum(l => l.StraightFlops) + HeadFlops;

    /// <summary>Runs the network with every sample in the same modes.</summary>
    public NetworkOutput Forward(Tensor x, bool[] fpi, FpiOptions options)
    {
        int batch = (int)x.shape[0];
        var perSample = new bool[batch, NumLayers];
        for (int i = 0; i < batch; i++)
            for (int k = 0; k < NumLayers; k++) perSample[i, k] = fpi[k];
        return Forward(x, perSample, options);
    }

    /// <summary>Runs the network with a mode per sample and layer (fpi[sample, layer]).</summary>
    public NetworkOutput Forward(Tensor x, bool[,] fpi, FpiOptions options)
    {
        int batch = (int)x.shape[0];
        int layers = NumLayers;
        if (fpi.GetLength(0) != batch || fpi.GetLength(1) != layers)
            throw new ArgumentException($"Mode table is [{fpi.GetLength(0)},{fpi.GetLength(1)}], expected [{batch},{layers}].");

        var iterations = new int[batch, layers];
        var residual = new float[batch, layers];
        var converged = new bool[batch, layers];
        var compute = new double[batch];
        double unit = StraightPassFlops;
        Array.Fill(compute, (StemFlops + HeadFlops) / unit);

        Tensor a = Stem(x);
        for (int k = 0; k < layers; k++)
        {
            var layer = Layers[k];
            var selected = new List<long>();
            for (int i = 0; i < batch; i++)
            {
                compute[i] += layer.StraightFlops / unit;
                if (fpi[i, k]) selected.Add(i);
            }
            using var u = layer.Inject(a, LayerModes.Upstream(fpi, k));
            Tensor z = layer.Straight(u);
            a.Dispose();
            if (selected.Count > 0)
            {
                z = RunFpi(layer, u, z, selected, options, k, iterations, residual, converged, compute, unit);
            }
            a = z;
        }
        var logits = Head(a);
        a.Dispose();
        return new NetworkOutput(logits, iterations, residual, converged, compute);
    }

    private static Tensor RunFpi(FpiLayer layer, Tensor u, Tensor straight, List<long> selected, FpiOptions options, int k,
                                 int[,] iterations, float[,] residual, bool[,] converged, double[] compute, double unit)
    {
        bool all = selected.Count == straight.shape[0];
        using var idx = all ? null : tensor(selected.ToArray(), device: straight.device);
        using var uSel = all ? u.alias() : u.index_select(0, idx!);
        using var zSel = all ? straight.alias() : straight.index_select(0, idx!);
        using var result = layer.Solve(uSel, zSel, options);
        for (int j = 0; j < selected.Count; j++)
        {
            long i = selected[j];
            iterations[i, k] = result.Iterations[j];
            residual[i, k] = result.Residual[j];
            converged[i, k] = result.Converged[j];
            compute[i] += result.Iterations[j] * layer.IterationFlops / unit;
        }
        if (all)
        {
            straight.Dispose();
            return result.Z.alias();
        }
        var merged = straight.index_copy(0, idx!, result.Z);
        straight.Dispose();
        return merged;
    }

    /// <summary>Builds the network a config describes.</summary>
    public static MainNetwork Create(NetworkConfig config)
    {
        config.Validate();
        return config.Kind switch
        {
            NetworkKind.Image => new ImageNetwork(config),
            NetworkKind.Text => new TextNetwork(config),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Kind, "Unknown network kind."),
        };
    }
}
