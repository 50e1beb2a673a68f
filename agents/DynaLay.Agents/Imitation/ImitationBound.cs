using DynaLay.Envs.LayerSelection;
using static TorchSharp.torch;

namespace DynaLay.Agents.Imitation;

/// <summary>
/// How much of the clairvoyant optimum can be learned from the observation at all: a classifier with the
/// learners' network shape (one-hidden-layer MLP over the normalised observation) is trained with
/// cross-entropy to predict the clairvoyant action from the observation of every state the clairvoyant
/// trajectories visit on the training split, then plays greedily on the test split. Its reward estimates what
/// a learner reading this observation can reach; it is an estimate, not a guarantee (a learner may find a
/// policy the classifier misses, and more data or capacity could raise it).
/// </summary>
public static class ImitationBound
{
    /// <param name="Hidden">64: the learners' MLP width (reinforce, agentnet, dqn).</param>
    /// <param name="Epochs">Passes over the (observation, action) pairs.</param>
    /// <param name="BatchSize">Pairs per Adam step.</param>
    /// <param name="LearningRate">1e-3: the learners' rate.</param>
    public sealed record Options(int Hidden = 64, int Epochs = 40, int BatchSize = 256, double LearningRate = 1e-3, int Seed = 0);

    /// <summary>The classifier's greedy play on the test split.</summary>
    public sealed record Result(double MeanReturn, double Accuracy, double MeanCompute, double[] ActionFrequencies, double TrainAgreement, int Pairs);

    /// <param name="train">An environment over the training split (its table), stepped with <paramref name="plans"/>.</param>
    /// <param name="plans">Per training sample, the clairvoyant action sequence (NOP assumed after its end).</param>
    /// <param name="test">An environment over the test split with the same reward.</param>
    public static Result Run(LayerSelectionEnv train, IReadOnlyList<int[]> plans, LayerSelectionEnv test, Options? options = null)
    {
        var o = options ?? new Options();
        var (observations, actions) = Pairs(train, plans);
        int n = actions.Length, d = train.Layout.Size;
        manual_seed(o.Seed);
        using var policy = new PolicyNetwork("imitation", d, o.Hidden, train.NumLayers + 1);
        using var x = tensor(observations, [n, d]);
        using var y = tensor(actions.Select(a => (long)a).ToArray());
        policy.UpdateNormalizer(x);
        using var optimizer = optim.Adam(policy.parameters(), lr: o.LearningRate);
        var random = new Random(o.Seed);
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            random.Shuffle(order);
            for (int start = 0; start < n; start += o.BatchSize)
            {
                using var scope = NewDisposeScope();
                using var idx = tensor(order.AsSpan(start, Math.Min(o.BatchSize, n - start)).ToArray());
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(policy.forward(x.index_select(0, idx)), y.index_select(0, idx));
                loss.backward();
                optimizer.step();
            }
        }
        double agreement;
        using (var _ = no_grad())
        using (var predicted = policy.forward(x).argmax(1))
            agreement = predicted.eq(y).to(ScalarType.Float64).mean().item<double>();
        return Play(test, policy) with { TrainAgreement = agreement, Pairs = n };
    }

    /// <summary>The observation of every state the plans visit, with the plan's action there.</summary>
    private static (float[] Observations, int[] Actions) Pairs(LayerSelectionEnv env, IReadOnlyList<int[]> plans)
    {
        var observations = new List<float>();
        var actions = new List<int>();
        int d = env.Layout.Size, batch = env.Options.BatchSize;
        for (long start = 0; start < env.Split.Count; start += batch)
        {
            var indices = Enumerable.Range(0, (int)Math.Min(batch, env.Split.Count - start)).Select(i => start + i).ToArray();
            env.ResetBatch(resetOptions: new Dictionary<string, object> { ["indices"] = indices });
            while (!env.AllDone)
            {
                var step = new int[indices.Length];
                for (int i = 0; i < indices.Length; i++)
                {
                    if (env.Done(i)) { step[i] = LayerSelectionEnv.NoAction; continue; }
                    var plan = plans[(int)indices[i]];
                    step[i] = env.Steps[i] < plan.Length ? plan[env.Steps[i]] : 0;
                    observations.AddRange(env.Observations.AsSpan(i * d, d).ToArray());
                    actions.Add(step[i]);
                }
                env.StepBatch(step);
            }
        }
        return (observations.ToArray(), actions.ToArray());
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
