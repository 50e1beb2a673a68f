using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// obs -> running normalisation -> Linear(hidden) -> tanh -> Linear(L + 1). The layer features of the
/// observation are unbounded activation means whose scale depends on the main network, so inputs are
/// standardised with running statistics (as SB3's VecNormalize does, clipped at 10) kept as buffers:
/// they are saved with the weights and copied with a target network.
/// </summary>
internal sealed class PolicyNetwork : nn.Module<Tensor, Tensor>
{
    private const double ClipObservation = 10.0;
    private const double VarianceFloor = 1e-8;

    private readonly Linear hidden;
    private readonly Linear output;
    private readonly Tensor mean;
    private readonly Tensor variance;
    private readonly Tensor count;

    /// <param name="outputGain">When set, the output layer starts orthogonal with this gain and zero bias (CleanRL's
    /// actor head uses 0.01): a policy then starts uniform and every state's probabilities start from the same place.</param>
    public PolicyNetwork(string name, int inputs, int hiddenUnits, int outputs, double? outputGain = null) : base(name)
    {
        Inputs = inputs;
        Hidden = hiddenUnits;
        Outputs = outputs;
        hidden = nn.Linear(inputs, hiddenUnits);
        output = nn.Linear(hiddenUnits, outputs);
        if (outputGain is double gain)
        {
            using var _ = no_grad();
            nn.init.orthogonal_(output.weight, gain);
            nn.init.zeros_(output.bias);
        }
        mean = zeros(inputs, dtype: ScalarType.Float64);
        variance = ones(inputs, dtype: ScalarType.Float64);
        // SB3 starts the count at 1e-4 so the first batch dominates without dividing by zero.
        count = tensor(1e-4, dtype: ScalarType.Float64);
        register_module("hidden", hidden);
        register_module("output", output);
        register_buffer("obs_mean", mean);
        register_buffer("obs_var", variance);
        register_buffer("obs_count", count);
    }

    public int Inputs { get; }
    public int Hidden { get; }
    public int Outputs { get; }

    /// <summary>2 * in * out per linear layer; the normalisation and tanh are negligible next to them.</summary>
    public double Flops => 2.0 * Inputs * Hidden + 2.0 * Hidden * Outputs;

    /// <summary>Softmax over the actions for a batch of (detached) observations, copied to the host in one go.</summary>
    public float[] Probabilities(Tensor observations)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return forward(observations.detach()).softmax(1).cpu().data<float>().ToArray();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var std = (variance + VarianceFloor).sqrt().to(ScalarType.Float32);
        var z = ((x - mean.to(ScalarType.Float32)) / std).clamp(-ClipObservation, ClipObservation);
        return output.forward(hidden.forward(z).tanh()).MoveToOuterDisposeScope();
    }

    /// <summary>Merges a batch [N, D] into the running statistics (Chan et al.'s parallel update, as in SB3's RunningMeanStd).</summary>
    public void UpdateNormalizer(Tensor batch)
    {
        if (batch.shape[0] == 0) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = batch.to(ScalarType.Float64);
        var batchMean = x.mean([0]);
        var batchVar = x.var(0, unbiased: false);
        double n = batch.shape[0];
        var total = count + n;
        var delta = batchMean - mean;
        var newMean = mean + delta * (n / total);
        var m2 = variance * count + batchVar * n + delta.square() * count * (n / total);
        variance.copy_(m2 / total);
        mean.copy_(newMean);
        count.add_(n);
    }

    /// <summary>Copies weights and statistics from a network of the same shape (DQN's target sync).</summary>
    public void CopyFrom(PolicyNetwork source)
    {
        using var _ = no_grad();
        load_state_dict(source.state_dict());
    }
}
