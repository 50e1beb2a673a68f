using System.Text.Json.Serialization;

namespace DynaLay.Nets;

public enum NetworkKind { Image, Text }

/// <summary>The recurrent map W of an image FPI block, f(z, u) = relu(u + s * W~ z).</summary>
public enum ConvRecurrence
{
    /// <summary>3x3 convolution over all channels: one iteration costs as much as the block's own convolution.</summary>
    Dense,

    /// <summary>3x3 convolution per channel: one iteration costs 1/C of a dense one, and each still widens the receptive field.</summary>
    Depthwise,

    /// <summary>
    /// A 1x1 convolution over all channels, then a 3x3 convolution per channel: it mixes channels as a dense map does
    /// for about (C + 9) / (9 C) of its cost.
    /// </summary>
    Separable,

    /// <summary>
    /// Two separable operators with a relu between, W~ z = W2~ relu(W1~ z), each normalised: a weight-tied residual
    /// block iterated to its fixed point, for about twice a separable iteration's cost.
    /// </summary>
    Block,
}

/// <summary>What a text FPI layer's feedback map reads of the refined state sequence.</summary>
public enum TextFeedback
{
    /// <summary>The position before: f(Z, u)_t = u_t + tanh(s W~ z_{t-1}); sweeps carry context to the right, which the LSTM's own state already holds.</summary>
    Causal,

    /// <summary>
    /// Both neighbours: f(Z, u)_t = u_t + tanh(s W~ [z_{t-1}; z_{t+1}] / sqrt 2); sweeps also carry context from later
    /// tokens to earlier ones, which the forward LSTM of the straight pass cannot see.
    /// </summary>
    Bidirectional,
}

/// <summary>
/// Everything needed to rebuild a main network; saved with every run so that a checkpoint is always
/// loaded into the architecture that wrote it.
/// </summary>
public sealed record NetworkConfig
{
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public NetworkKind Kind { get; init; } = NetworkKind.Image;

    public int NumClasses { get; init; } = 10;

    /// <summary>Image: [C, H, W]. Text: [sequence length].</summary>
    public long[] SampleShape { get; init; } = [3, 32, 32];

    /// <summary>Image: channels of the three FPI blocks (stride 2 into blocks 2 and 3).</summary>
    public int[] Channels { get; init; } = [32, 64, 128];

    /// <summary>Text: vocabulary size (with padding id 0 and unknown id 1), embedding width, LSTM hidden size.</summary>
    public int VocabSize { get; init; }
    public int EmbeddingDim { get; init; } = 64;
    public int Hidden { get; init; } = 128;
    public int TextLayers { get; init; } = 3;

    /// <summary>Text: what each layer's fixed-point feedback reads (runs written before the option: causal).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public TextFeedback TextFeedback { get; init; } = TextFeedback.Causal;

    /// <summary>
    /// Image: the recurrent map of every FPI block. Depthwise by default: a dense iteration costs about half a
    /// straight pass, so iterating any layer to tolerance costs more compute than a right answer is worth at the
    /// paper's penalty (beta 0.3), and no policy could beat answering at once.
    /// </summary>
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public ConvRecurrence Recurrence { get; init; } = ConvRecurrence.Depthwise;

    /// <summary>Contraction factor s of every FPI map (must be below 1); null: <see cref="DefaultContraction"/> of the kind.</summary>
    public double? ContractionScale { get; init; }

    /// <summary>The contraction factor in use.</summary>
    [JsonIgnore]
    public double Contraction => ContractionScale ?? DefaultContraction(Kind);

    /// <summary>
    /// Image 0.9: a fixed point of relu(u + s W~ z) reaches about 1/(1 - s) hops of the recurrent 3x3 map, and the
    /// synthetic task's hard samples need several; text 0.5.
    /// </summary>
    public static double DefaultContraction(NetworkKind kind) => kind == NetworkKind.Image ? 0.9 : 0.5;

    public int NumLayers => Kind == NetworkKind.Image ? Channels.Length : TextLayers;

    public void Validate()
    {
        if (NumClasses < 2) throw new ArgumentException($"A network needs at least 2 classes (got {NumClasses}).");
        if (Contraction is <= 0 or >= 1) throw new ArgumentException($"Contraction scale must be in (0, 1) (got {Contraction}).");
        if (Kind == NetworkKind.Image && SampleShape.Length != 3) throw new ArgumentException($"Image networks take [C,H,W] samples (got [{string.Join(",", SampleShape)}]).");
        if (Kind == NetworkKind.Text && (SampleShape.Length != 1 || VocabSize < 2)) throw new ArgumentException("Text networks take [T] token samples and a vocabulary of at least 2 ids.");
    }
}
