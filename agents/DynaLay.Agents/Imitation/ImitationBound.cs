using DynaLay.Envs.LayerSelection;
using static TorchSharp.torch;

namespace DynaLay.Agents.Imitation;

/// <summary>
/// How much of the clairvoyant optimum can be learned from the observation at all: a classifier with the
/// learners' network shape (one-hidden-layer MLP over the normalised observation) learns, at every state the
/// clairvoyant trajectories visit on the training split, to choose an action of the highest clairvoyant value
/// from the observation alone, then plays greedily on the test split. Its loss is the expected regret
/// sum_a pi(a|s) (max Q(s) - Q(s, a)) over the exact action values Q of the table, not the cross-entropy to the
/// clairvoyant's action: most clairvoyant actions are NOP, and a plain classifier learns to answer at once
/// everywhere, while the regret weighs each mistake by what it costs. Its reward estimates what a learner
/// reading this observation can reach; it is an estimate, not a guarantee (a learner may find a policy the
/// classifier misses, and more data or capacity could raise it).
/// </summary>
public static class ImitationBound
{
    /// <param name="Hidden">64: the learners' MLP width (reinforce, agentnet, dqn).</param>
    /// <param name="Epochs">Passes over the states gathered so far, per round.</param>
    /// <param name="BatchSize">Pairs per Adam step.</param>
    /// <param name="LearningRate">1e-3: the learners' rate.</param>
    /// <param name="DaggerRounds">Rounds of the classifier's own play added to the clairvoyant's states.</param>
    public sealed record Options(int Hidden = 64, int Epochs = 20, int BatchSize = 256, double LearningRate = 1e-3, int DaggerRounds = 3, int Seed = 0);

    /// <summary>The classifier's greedy play on the test split; TrainAgreement: share of training states where it picks an action of the highest value.</summary>
    public sealed record Result(double MeanReturn, double Accuracy, double MeanCompute, double[] ActionFrequencies, double TrainAgreement, int Pairs);

    /// <param name="train">An environment over the training split (its table), stepped with <paramref name="plans"/>.</param>
    /// <param name="plans">Per training sample, the clairvoyant action sequence (NOP assumed after its end).</param>
    /// <param name="actionValues">The clairvoyant's action values of a training sample in a state (mode set as a bit mask, step).</param>
    /// <param name="test">An environment over the test split with the same reward.</param>
    public static Result Run(LayerSelectionEnv train, IReadOnlyList<int[]> plans, Func<long, int, int, double[]> actionValues,
                             LayerSelectionEnv test, Options? options = null)
    {
        var o = options ?? new Options();
        int actions = train.NumLayers + 1, d = train.Layout.Size;
        manual_seed(o.Seed);
        using var policy = new PolicyNetwork("imitation", d, o.Hidden, actions);
        using var optimizer = optim.Adam(policy.parameters(), lr: o.LearningRate);
        var random = new Random(o.Seed);

        // DAgger (Ross et al. 2011): the states the clairvoyant visits, then those the classifier's own greedy play
        // visits, each labelled with the exact regrets, so it also learns what to do after its own mistakes.
        var observations = new List<float>();
        var regrets = new List<float>();
        Visit(train, (i, t) => t < plans[(int)train.SampleIndices[i]].Length ? plans[(int)train.SampleIndices[i]][t] : 0,
              actionValues, observations, regrets);
        for (int round = 0; round <= o.DaggerRounds; round++)
        {
            if (round > 0) Visit(train, Greedy(policy, train), actionValues, observations, regrets);
            int n = regrets.Count / actions;
            using var x = tensor(observations.ToArray(), [n, d]);
            using var regret = tensor(regrets.ToArray(), [n, actions]);
            if (round == 0) policy.UpdateNormalizer(x);
            var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
            for (int epoch = 0; epoch < o.Epochs; epoch++)
            {
                random.Shuffle(order);
                for (int start = 0; start < n; start += o.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    using var idx = tensor(order.AsSpan(start, Math.Min(o.BatchSize, n - start)).ToArray());
                    optimizer.zero_grad();
                    var probabilities = policy.forward(x.index_select(0, idx)).softmax(1);
                    var loss = (probabilities * regret.index_select(0, idx)).sum(1).mean();
                    loss.backward();
                    optimizer.step();
                }
            }
        }

        using var all = tensor(observations.ToArray(), [regrets.Count / actions, d]);
        using var allRegret = tensor(regrets.ToArray(), [regrets.Count / actions, actions]);
        double agreement;
        using (var _ = no_grad())
        using (var predicted = policy.forward(all).argmax(1).unsqueeze(1))
        using (var chosen = allRegret.gather(1, predicted))
            agreement = chosen.eq(0).to(ScalarType.Float64).mean().item<double>();
        return Play(test, policy) with { TrainAgreement = agreement, Pairs = regrets.Count / actions };
    }

    /// <summary>The classifier's greedy action for episode i of the environment's batch at step t.</summary>
    private static Func<int, int, int> Greedy(PolicyNetwork policy, LayerSelectionEnv env)
    {
        long[] chosen = [];
        int lastStep = -1;
        return (i, t) =>
        {
            // One forward pass per step of the batch: the first episode asked at a new step computes all.
            if (t != lastStep || i == 0)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                chosen = policy.forward(env.ObservationTensor()).argmax(1).data<long>().ToArray();
                lastStep = t;
            }
            return (int)chosen[i];
        };
    }

    /// <summary>Plays every training sample with <paramref name="act"/> and records each state's observation with every action's regret there (max Q - Q).</summary>
    private static void Visit(LayerSelectionEnv env, Func<int, int, int> act, Func<long, int, int, double[]> actionValues,
                              List<float> observations, List<float> regrets)
    {
        int d = env.Layout.Size, batch = env.Options.BatchSize;
        for (long start = 0; start < env.Split.Count; start += batch)
        {
            var indices = Enumerable.Range(0, (int)Math.Min(batch, env.Split.Count - start)).Select(i => start + i).ToArray();
            env.ResetBatch(resetOptions: new Dictionary<string, object> { ["indices"] = indices });
            for (int t = 0; !env.AllDone; t++)
            {
                var step = new int[indices.Length];
                for (int i = 0; i < indices.Length; i++)
                {
                    if (env.Done(i)) { step[i] = LayerSelectionEnv.NoAction; continue; }
                    step[i] = act(i, t);
                    observations.AddRange(env.Observations.AsSpan(i * d, d).ToArray());
                    int set = 0;
                    for (int k = 0; k < env.NumLayers; k++) if (env.Modes[i, k]) set |= 1 << k;
                    var q = actionValues(indices[i], set, env.Steps[i]);
                    double best = q.Max();
                    regrets.AddRange(q.Select(v => (float)(best - v)));
                }
                env.StepBatch(step);
            }
        }
    }

    private static Result Play(LayerSelectionEnv env, PolicyNetwork policy)
    {
        double reward = 0, compute = 0;
        int correct = 0, episodes = 0;
        var counts = new double[env.NumLayers + 1];
        env.Rewind();
        do
        {
            env.ResetBatch();
            var returns = new double[env.BatchCount];
            while (!env.AllDone)
            {
                using var scope = NewDisposeScope();
                var greedy = policy.forward(env.ObservationTensor()).argmax(1).data<long>().ToArray();
                var step = new int[env.BatchCount];
                for (int i = 0; i < step.Length; i++)
                {
                    step[i] = env.Done(i) ? LayerSelectionEnv.NoAction : (int)greedy[i];
                    if (step[i] >= 0) counts[step[i]]++;
                }
                var r = env.StepBatch(step);
                for (int i = 0; i < step.Length; i++) if (r.Active[i]) returns[i] += r.Rewards[i];
            }
            for (int i = 0; i < env.BatchCount; i++)
            {
                reward += returns[i];
                compute += env.ComputeSpent[i];
                if (env.Predictions[i] == env.Labels[i]) correct++;
            }
            episodes += env.BatchCount;
        }
        while (!env.PassFinished);
        double decisions = counts.Sum();
        return new Result(reward / episodes, correct / (double)episodes, compute / episodes, counts.Select(c => c / decisions).ToArray(), double.NaN, 0);
    }
}
