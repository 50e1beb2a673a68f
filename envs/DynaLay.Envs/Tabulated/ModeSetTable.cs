using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using DynaLay.Envs.LayerSelection;
using DynaLay.Runs;

namespace DynaLay.Envs.Tabulated;

/// <summary>
/// Everything the layer-selection environment reads of a frozen network, for every sample of a split and
/// every mode set (2^L sets; bit k-1 = layer k in FPI mode): the observation's network part (pooled layer
/// activations, max probability, entropy), the prediction, and each layer's iterations, residual and
/// converged flag. With the network frozen a step depends only on the sample and the set, so this table
/// answers every step an episode can take.
/// </summary>
public sealed class ModeSetTable
{
    private const string Magic = "DYNALAY-MODESET-TABLE-2";

    /// <summary>The largest L tabulated (2^L sets per sample).</summary>
    public const int MaxLayers = 8;

    public ModeSetTable(string key, int[] layerWidths, LayerCosts costs, long[] labels, ObservationExtras extras = ObservationExtras.None)
    {
        if (layerWidths.Length > MaxLayers)
            throw new ArgumentException($"A table holds 2^L mode sets per sample; L = {layerWidths.Length} is above the limit of {MaxLayers}. Use the live environment (--env live).");
        Key = key;
        LayerWidths = layerWidths;
        // The probe's charge goes with the observation that carries it.
        Costs = costs with { Probe = extras.HasFlag(ObservationExtras.Probe) };
        Labels = labels;
        Extras = extras;
        FeatureWidth = ObservationLayout.NetworkWidth(layerWidths, extras);
        Features = new float[(long)Samples * Sets * FeatureWidth];
        Predictions = new int[Samples * Sets];
        Iterations = new short[Samples * Sets * NumLayers];
        Residual = new float[Samples * Sets * NumLayers];
        Converged = new bool[Samples * Sets * NumLayers];
    }

    /// <summary>What the table was built from (checkpoint hash, split, solver): a table is used only where its key matches.</summary>
    public string Key { get; }
    public int[] LayerWidths { get; }

    /// <summary>The observation extras its features hold.</summary>
    public ObservationExtras Extras { get; }
    public LayerCosts Costs { get; }
    public long[] Labels { get; }
    public int Samples => Labels.Length;
    public int NumLayers => LayerWidths.Length;
    public int Sets => 1 << NumLayers;

    /// <summary>Values of the network's part of an observation: layer features, extras, max probability, entropy.</summary>
    public int FeatureWidth { get; }

    /// <summary>[sample, set, FeatureWidth].</summary>
    public float[] Features { get; }
    /// <summary>[sample, set].</summary>
    public int[] Predictions { get; }
    /// <summary>[sample, set, layer]; 0 for a layer the set leaves straight.</summary>
    public short[] Iterations { get; }
    public float[] Residual { get; }
    public bool[] Converged { get; }

    public long BytesPerSample => Sets * (FeatureWidth * 4L + 4 + NumLayers * (2L + 4 + 1)) + 8;

    public int Cell(long sample, int set) => (int)(sample * Sets + set);

    public ReadOnlySpan<float> FeaturesOf(long sample, int set) => Features.AsSpan((int)((sample * Sets + set) * FeatureWidth), FeatureWidth);

    // ---------------------------------------------------------------- file

    /// <summary>Writes the table atomically: a checksum at the end lets a reader tell a damaged file from a good one.</summary>
    public void Save(string path) => AtomicFile.Write(path, tmp =>
    {
        using var stream = File.Create(tmp);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Put(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(bytes);
            stream.Write(bytes);
        }
        var head = new MemoryStream();
        using (var w = new BinaryWriter(head, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Key);
            w.Write(NumLayers);
            foreach (int width in LayerWidths) w.Write(width);
            foreach (double c in Costs.Straight) w.Write(c);
            foreach (double c in Costs.Iteration) w.Write(c);
            w.Write(Costs.Head);
            w.Write(Costs.PassFlops);
            w.Write(Samples);
            w.Write((int)Extras);
        }
        Put(head.ToArray());
        Put(MemoryMarshal.AsBytes(Labels.AsSpan()));
        Put(MemoryMarshal.AsBytes(Features.AsSpan()));
        Put(MemoryMarshal.AsBytes(Predictions.AsSpan()));
        Put(MemoryMarshal.AsBytes(Iterations.AsSpan()));
        Put(MemoryMarshal.AsBytes(Residual.AsSpan()));
        Put(MemoryMarshal.AsBytes(Converged.AsSpan()));
        stream.Write(hash.GetHashAndReset());
    });

    /// <summary>Reads a table; a truncated or damaged file is a <see cref="RunException"/> that names it.</summary>
    public static ModeSetTable Load(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string Damaged(string why) => $"{path} is not a usable mode-set table ({why}). Delete it; it is rebuilt from the checkpoint on the next run.";
        if (bytes.Length < 32) throw new RunException(Damaged("too short"));
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new RunException(Damaged("its checksum does not match: truncated or damaged"));
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
            if (r.ReadString() != Magic) throw new RunException(Damaged("unknown format"));
            string key = r.ReadString();
            int layers = r.ReadInt32();
            if (layers is < 1 or > MaxLayers) throw new RunException(Damaged($"{layers} layers"));
            var widths = Enumerable.Range(0, layers).Select(_ => r.ReadInt32()).ToArray();
            var straight = Enumerable.Range(0, layers).Select(_ => r.ReadDouble()).ToArray();
            var iteration = Enumerable.Range(0, layers).Select(_ => r.ReadDouble()).ToArray();
            var costs = new LayerCosts(straight, iteration, r.ReadDouble(), r.ReadDouble());
            int samples = r.ReadInt32();
            var extras = (ObservationExtras)r.ReadInt32();
            var labels = new long[samples];
            ReadInto(r, MemoryMarshal.AsBytes(labels.AsSpan()));
            var table = new ModeSetTable(key, widths, costs, labels, extras);
            ReadInto(r, MemoryMarshal.AsBytes(table.Features.AsSpan()));
            ReadInto(r, MemoryMarshal.AsBytes(table.Predictions.AsSpan()));
            ReadInto(r, MemoryMarshal.AsBytes(table.Iterations.AsSpan()));
            ReadInto(r, MemoryMarshal.AsBytes(table.Residual.AsSpan()));
            ReadInto(r, MemoryMarshal.AsBytes(table.Converged.AsSpan()));
            if (r.BaseStream.Position != body.Length) throw new RunException(Damaged("unexpected length"));
            return table;
        }
        catch (EndOfStreamException)
        {
            throw new RunException(Damaged("shorter than its header says"));
        }
    }

    private static void ReadInto(BinaryReader r, Span<byte> target)
    {
        if (r.Read(target) != target.Length) throw new EndOfStreamException();
    }
}
