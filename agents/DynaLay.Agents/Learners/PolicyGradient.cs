using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Agents;

/// <summary>
/// The policy-gradient update every categorical learner here shares, written once: the surrogate
/// <c>-mean_i(A_i * log pi(a_i | s_i)) - c * H(pi)</c>, whose gradient is the score-function estimate of
/// <c>-grad J</c> (Williams 1992) plus an entropy bonus, and one optimizer step with the gradient norm clipped.
/// The advantages <c>A_i</c> are the caller's: the reward-to-go (<see cref="RolloutData.RewardToGo"/>) minus a
/// baseline for REINFORCE and its variants; for AgentNet its reward weight times the importance-weighted
/// return minus v(s). PPO uses <see cref="Standardize"/>, <see cref="Entropy"/> and <see cref="ClippedStep"/>
/// around its own clipped surrogate.
/// </summary>
internal static class PolicyGradient
{
    /// <param name="EntropyCoefficient">Weight c of the mean entropy bonus.</param>
    /// <param name="MaxGradNorm">Clip of the policy's gradient norm before the step.</param>
    /// <param name="NormalizeAdvantages">Standardise the advantages over the batch first (CleanRL's norm_adv).</param>
    public sealed record Settings(double EntropyCoefficient, double MaxGradNorm, bool NormalizeAdvantages);

    /// <summary>(A - mean) / (std + 1e-8) over the batch; a single row is left as it is.</summary>
    public static Tensor Standardize(Tensor advantages) =>
        advantages.shape[0] > 1 ? (advantages - advantages.mean()) / (advantages.std() + 1e-8) : advantages;

    /// <summary>Mean entropy of the rows of log-probabilities [N, A].</summary>
    public static Tensor Entropy(Tensor logp) => -(logp.exp() * logp).sum(1).mean();

    /// <summary>The surrogate loss of the rows and the policy's mean entropy on them (both with their graph).</summary>
    public static (Tensor Loss, Tensor Entropy) Surrogate(PolicyNetwork policy, Tensor observations, Tensor actions, Tensor advantages, Settings settings)
    {
        var adv = settings.NormalizeAdvantages ? Standardize(advantages) : advantages;
        var logp = policy.forward(observations).log_softmax(1);
        var chosen = logp.gather(1, actions.unsqueeze(1)).squeeze(1);
        var entropy = Entropy(logp);
        return (-(adv * chosen).mean() - settings.EntropyCoefficient * entropy, entropy);
    }

    /// <summary>
    /// One update of <paramref name="policy"/> on the surrogate; returns the loss and entropy to log. Call it
    /// inside the caller's dispose scope. A non-finite loss throws before the step, so a NaN never reaches the weights.
    /// </summary>
    public static (float Loss, float Entropy) Step(PolicyNetwork policy, optim.Optimizer optimizer, Tensor observations, Tensor actions, Tensor advantages,
                                                   Settings settings, string agent, long update)
    {
        var (total, entropy) = Surrogate(policy, observations, actions, advantages, settings);
        float loss = ClippedStep(total, entropy, policy.parameters(), optimizer, settings.MaxGradNorm, agent, update, out float ent);
        return (loss, ent);
    }

    /// <summary>
    /// Checks the loss (one host copy of loss and entropy), then zero_grad, backward, clip the gradient norm of
    /// <paramref name="parameters"/> and step. Returns the loss; <paramref name="entropyValue"/> the entropy.
    /// </summary>
    public static float ClippedStep(Tensor loss, Tensor entropy, IEnumerable<TorchSharp.Modules.Parameter> parameters, optim.Optimizer optimizer,
                                    double maxGradNorm, string agent, long update, out float entropyValue)
    {
        var figures = stack([loss.detach(), entropy.detach()]).cpu().data<float>().ToArray();
        if (!float.IsFinite(figures[0])) throw new AgentDivergedException(agent, update, "the loss");
        entropyValue = figures[1];
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(parameters, maxGradNorm);
        optimizer.step();
        return figures[0];
    }
}
