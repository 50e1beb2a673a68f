using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// A learned state value v(s) subtracted from a policy-gradient return. Here most of a return's spread comes
/// from the sample, not the action (an easy sample earns the accuracy term whatever is chosen, a hopeless one
/// never does), so only a baseline that sees the state leaves the action's effect in the advantage. It is
/// fitted to the returns by mean squared error after each advantage is taken, so no advantage sees its own
/// return. It never acts, so it adds nothing to the compute charged per decision.
/// </summary>
internal sealed class ValueBaseline : IDisposable
{
    private readonly PolicyNetwork value;
    private readonly optim.Optimizer optimizer;
    private readonly double maxGradNorm;

    public ValueBaseline(string name, int observationSize, int hidden, double learningRate, double maxGradNorm, Device device)
    {
        value = new PolicyNetwork(name, observationSize, hidden, 1);
        value.to(device);
        optimizer = optim.Adam(value.parameters(), learningRate);
        this.maxGradNorm = maxGradNorm;
    }

    public PolicyNetwork Network => value;

    public optim.Optimizer Optimizer => optimizer;

    /// <summary>v(s) for a batch of observations [N, D], on the host; updates the input normaliser first.</summary>
    public float[] Values(Tensor observations)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        value.UpdateNormalizer(observations);
        return value.forward(observations).squeeze(1).cpu().data<float>().ToArray();
    }

    /// <summary>One Adam step on the squared error between v(s) and the observed returns.</summary>
    public void Fit(Tensor observations, Tensor returns)
    {
        using var scope = NewDisposeScope();
        var loss = nn.functional.mse_loss(value.forward(observations).squeeze(1), returns);
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(value.parameters(), maxGradNorm);
        optimizer.step();
    }

    /// <summary>The module a checkpoint saves: the policy alone, or the policy and this baseline together.</summary>
    public static nn.Module Saved(PolicyNetwork policy, ValueBaseline? baseline) =>
        baseline is null ? policy : new PolicyAndValue(policy, baseline.value);

    public void Dispose()
    {
        optimizer.Dispose();
        value.Dispose();
    }
}

/// <summary>A policy and a value network saved together in one checkpoint.</summary>
internal sealed class PolicyAndValue : nn.Module
{
    public PolicyAndValue(PolicyNetwork policy, PolicyNetwork value) : base("policy_and_value")
    {
        register_module("policy", policy);
        register_module("value", value);
    }
}
