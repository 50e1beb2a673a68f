using System.ComponentModel;

namespace DynaLay.Agents;

/// <summary>
/// What every REINFORCE variant (<c>reinforce</c>, <c>reinforce-value</c>, <c>reinforce-sc</c>) is set with: the
/// policy, the return and the shared update (<see cref="PolicyGradient"/>). Each variant's record adds what its
/// baseline needs.
/// </summary>
public abstract record ReinforceHyperparameters
{
    [Description("Hidden units of the one-hidden-layer MLP policy. 64: SB3's MlpPolicy width.")]
    public int Hidden { get; init; } = 64;

    [Alias("lr")]
    [Description("Adam learning rate. 1e-3: the usual Adam step for small MLP policies (Spinning Up VPG uses 3e-4 on larger tasks; episodes here are at most L + 1 steps).")]
    public double LearningRate { get; init; } = 1e-3;

    [Description("Discount of the reward-to-go. 1: episodes are short and the paper's return is the undiscounted sum (reinforce-sc and reinforce-loo weigh decisions by the whole return and take 1 only).")]
    public double Gamma { get; init; } = 1.0;

    [Description("Entropy bonus coefficient. 0.05, five times CleanRL's PPO ent_coef of 0.01: while the policy is near uniform almost every FPI costs more than it earns, and with 0.01 (or a learned value baseline) the policy fell to NOP everywhere within an epoch, before it had learnt for which samples FPI pays.")]
    public double EntropyCoefficient { get; init; } = 0.05;

    [Description("Gradient-norm clip. 0.5: CleanRL and SB3 policy-gradient default (max_grad_norm).")]
    public double MaxGradNorm { get; init; } = 0.5;

    [Description("Standardise advantages per batch. true: CleanRL and SB3 (norm_adv / normalize_advantage); the return's scale moves with the penalty by an order of magnitude, and unscaled steps froze the policy on one action for some inputs within two epochs.")]
    public bool NormalizeAdvantages { get; init; } = true;

    internal PolicyGradient.Settings Update => new(EntropyCoefficient, MaxGradNorm, NormalizeAdvantages);

    internal virtual void Validate()
    {
        if (Hidden < 1) throw new ArgumentException("hidden must be >= 1.");
        if (!(LearningRate > 0)) throw new ArgumentException("learning-rate must be > 0.");
        if (Gamma is < 0 or > 1) throw new ArgumentException("gamma must be in [0, 1].");
        if (EntropyCoefficient < 0) throw new ArgumentException("entropy-coefficient must be >= 0.");
        if (!(MaxGradNorm > 0)) throw new ArgumentException("max-grad-norm must be > 0.");
    }
}
