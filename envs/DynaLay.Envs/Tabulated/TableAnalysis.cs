using System.Globalization;
using DynaLay.Envs.LayerSelection;

namespace DynaLay.Envs.Tabulated;

/// <summary>The best episode of every sample, found with full knowledge of the table.</summary>
/// <param name="Returns">Per sample: the highest return any action sequence reaches.</param>
/// <param name="Actions">Per sample: the actions of that episode (ending with NOP unless truncated).</param>
/// <param name="Correct">Per sample: whether the episode's final prediction is right.</param>
/// <param name="Compute">Per sample: the episode's penalty as the environment accumulates it (network compute in
/// straight-pass units, agent cost and redundancy penalties included; what evaluation reports as compute).</param>
/// <param name="NumLayers">L: actions are 0 (NOP) .. L.</param>
public sealed record ClairvoyantResult(double[] Returns, int[][] Actions, bool[] Correct, double[] Compute, int NumLayers)
{
    /// <summary>Mean return over the samples.</summary>
    public double MeanReturn => Returns.Average();

    /// <summary>Share of samples whose final prediction is right.</summary>
    public double Accuracy => (double)Correct.Count(c => c) / Correct.Length;

    /// <summary>Mean of <see cref="Compute"/>.</summary>
    public double MeanCompute => Compute.Average();

    /// <summary>Share of all decisions that were each action 0..L.</summary>
    public double[] ActionFrequencies
    {
        get
        {
            var counts = new long[NumLayers + 1];
            foreach (var sequence in Actions)
                foreach (int a in sequence) counts[a]++;
            double total = Math.Max(1, counts.Sum());
            return counts.Select(c => c / total).ToArray();
        }
    }
}

/// <summary>What a policy achieves over the samples of a table.</summary>
/// <param name="Name">The policy (e.g. <c>nop</c>, <c>fixed:2</c>, <c>threshold:1:0.6</c>).</param>
/// <param name="MeanReturn">Mean episode return.</param>
/// <param name="Accuracy">Share of samples whose final prediction is right.</param>
/// <param name="MeanCompute">Mean episode penalty (compute in straight-pass units, redundancy included), as evaluation reports it.</param>
public sealed record PolicySummary(string Name, double MeanReturn, double Accuracy, double MeanCompute);

/// <summary>
/// Exact policy analysis on a <see cref="ModeSetTable"/>: episodes are played from the table with the
/// transition semantics of <see cref="LayerSelectionEnv"/> (same charges, same <see cref="StepOutcome"/>s,
/// same reward calls, rewards summed in step order), so every return here is the one the environment gives.
/// </summary>
public static class TableAnalysis
{
    /// <summary>
    /// The best action sequence of every sample, found by a depth-first search over every sequence the step
    /// budget allows (redundant actions included). Ties go to the shorter sequence, then to the
    /// lexicographically smaller one.
    /// </summary>
    /// <param name="stepBudget">Decisions per episode; null = L + 1, as in the environment.</param>
    /// <param name="agentFlopsPerDecision">FLOPs charged per decision, as <see cref="LayerSelectionOptions.AgentFlopsPerDecision"/>.</param>
    public static ClairvoyantResult Clairvoyant(ModeSetTable table, IRewardFunction reward, int? stepBudget = null, double agentFlopsPerDecision = 0)
    {
        var game = new Game(table, reward, stepBudget, agentFlopsPerDecision);
        var episodes = Enumerable.Range(0, table.Samples).Select(s => game.Play(s, game.Best(s))).ToArray();
        return new ClairvoyantResult(
            episodes.Select(e => e.Return).ToArray(),
            episodes.Select(e => e.Actions).ToArray(),
            episodes.Select(e => e.Correct).ToArray(),
            episodes.Select(e => e.Penalty).ToArray(),
            table.NumLayers);
    }

    /// <summary>
    /// The rule threshold:K:P (as the confidence-threshold baseline): FPI on layer K once when the straight
    /// network's max probability is below P, then NOP; otherwise NOP at once.
    /// </summary>
    /// <param name="layer">K, 1..L.</param>
    /// <param name="threshold">P; 0 never iterates, anything above 1 always does.</param>
    /// <param name="stepBudget">Decisions per episode; null = L + 1.</param>
    /// <summary>
    /// The clairvoyant's action values of sample <paramref name="sample"/> in the state (set, step): for each action
    /// 0..L, its reward plus the most reward reachable after it, seeing the label. The clairvoyant takes an
    /// action of the highest value; an action's shortfall from that value is what choosing it costs.
    /// </summary>
    public static double[] ActionValues(ModeSetTable table, IRewardFunction reward, long sample, int set, int step,
                                        int? stepBudget = null, double agentFlopsPerDecision = 0) =>
        new Game(table, reward, stepBudget, agentFlopsPerDecision).ActionValues((int)sample, set, step);

    public static PolicySummary Threshold(ModeSetTable table, IRewardFunction reward, int layer, double threshold, int? stepBudget = null)
    {
        if (layer < 1 || layer > table.NumLayers) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"K must be in 1..{table.NumLayers}.");
        var game = new Game(table, reward, stepBudget, 0);
        int maxProbability = table.FeatureWidth - 2;
        var episodes = Enumerable.Range(0, table.Samples)
            .Select(s => game.Play(s, table.FeaturesOf(s, 0)[maxProbability] < threshold ? [layer] : []));
        return Summarise($"threshold:{layer}:{Format(threshold)}", episodes);
    }

    /// <summary>
    /// <see cref="Threshold"/> for every layer K = 1..L and every P of <paramref name="thresholds"/>
    /// (default 0.1, 0.15, ..., 1.0 and 1.01, which means "always"), K-major.
    /// </summary>
    public static IReadOnlyList<PolicySummary> ThresholdFrontier(ModeSetTable table, IRewardFunction reward, IReadOnlyList<double>? thresholds = null, int? stepBudget = null)
    {
        thresholds ??= [.. Enumerable.Range(0, 19).Select(i => Math.Round(0.1 + 0.05 * i, 2)), 1.01];
        return [.. from k in Enumerable.Range(1, table.NumLayers)
                   from p in thresholds
                   select Threshold(table, reward, k, p, stepBudget)];
    }

    /// <summary>
    /// The same actions for every sample, then NOP; the episode is cut where the budget truncates it.
    /// <c>[]</c> is nop, <c>[K]</c> is fixed:K, <c>[1, .., L]</c> is all.
    /// </summary>
    /// <param name="actionsBeforeNop">Actions 0..L taken in order before the closing NOP.</param>
    /// <param name="name">The policy's name in the summary.</param>
    /// <param name="stepBudget">Decisions per episode; null = L + 1.</param>
    public static PolicySummary FixedSet(ModeSetTable table, IRewardFunction reward, int[] actionsBeforeNop, string name, int? stepBudget = null)
    {
        if (actionsBeforeNop.Any(a => a < 0 || a > table.NumLayers))
            throw new ArgumentOutOfRangeException(nameof(actionsBeforeNop), $"Actions must be 0 (NOP) .. {table.NumLayers}.");
        var game = new Game(table, reward, stepBudget, 0);
        return Summarise(name, Enumerable.Range(0, table.Samples).Select(s => game.Play(s, actionsBeforeNop)));
    }

    private static string Format(double p) => p.ToString("0.##", CultureInfo.InvariantCulture);

    private static PolicySummary Summarise(string name, IEnumerable<Episode> episodes)
    {
        var all = episodes.ToArray();
        return new PolicySummary(name, all.Average(e => e.Return), (double)all.Count(e => e.Correct) / all.Length, all.Average(e => e.Penalty));
    }

    private sealed record Episode(double Return, double Penalty, bool Correct, int[] Actions);

    /// <summary>One sample's episodes under the environment's rules, stepped from the table.</summary>
    private sealed class Game
    {
        private readonly ModeSetTable table;
        private readonly IRewardFunction reward;
        private readonly int layers;
        private readonly int budget;
        private readonly double agentCost;

        public Game(ModeSetTable table, IRewardFunction reward, int? stepBudget, double agentFlopsPerDecision)
        {
            this.table = table;
            this.reward = reward;
            layers = table.NumLayers;
            budget = stepBudget ?? layers + 1;
            if (budget < 1) throw new ArgumentOutOfRangeException(nameof(stepBudget), budget, "Step budget must be >= 1.");
            agentCost = agentFlopsPerDecision / table.Costs.PassFlops;
        }

        /// <summary>One step of <see cref="LayerSelectionEnv.StepBatch"/> for sample <paramref name="s"/>: updates the set and the step count.</summary>
        private StepOutcome Step(int s, ref int set, ref int t, int action)
        {
            bool redundant = action > 0 && (set >> (action - 1) & 1) == 1;
            double stepCompute = 0;
            if (action > 0 && !redundant)
            {
                set |= 1 << (action - 1);
                Span<bool> modes = stackalloc bool[layers];
                Span<int> iterations = stackalloc int[layers];
                int cell = table.Cell(s, set) * layers;
                for (int k = 0; k < layers; k++)
                {
                    modes[k] = (set >> k & 1) == 1;
                    iterations[k] = table.Iterations[cell + k];
                }
                stepCompute = table.Costs.Charge(action, modes, iterations);
            }
            double charged = stepCompute + (t == 0 ? table.Costs.Reset : 0.0);
            t++;
            bool ended = action == 0 || t >= budget;
            bool correct = table.Predictions[table.Cell(s, set)] == table.Labels[s];
            return new StepOutcome(charged, agentCost, redundant, ended, correct);
        }

        /// <summary>Plays <paramref name="actions"/> then NOP, stopping where the episode ends.</summary>
        public Episode Play(int s, IEnumerable<int> actions)
        {
            int set = 0, t = 0;
            double total = 0, penalty = 0;
            var taken = new List<int>();
            foreach (int a in actions.Append(0))
            {
                var outcome = Step(s, ref set, ref t, a);
                taken.Add(a);
                penalty += reward.Penalty(outcome);
                total += reward.Reward(outcome);
                if (outcome.Ended) return new Episode(total, penalty, outcome.Correct, [.. taken]);
            }
            throw new InvalidOperationException("Unreachable: the closing NOP ends every episode.");
        }

        /// <summary>
        /// Every step's reward from every (set, step) and action of sample <paramref name="s"/>, the set each action
        /// leads to, and by dynamic programming the most reward still to come from each (set, step)
        /// (<c>toCome[set * (budget + 1) + t]</c>, 0 at t = budget).
        /// </summary>
        public (double[] Rewards, int[] Next, double[] ToCome, double Scale) Values(int s)
        {
            int actions = layers + 1, sets = table.Sets;
            var rewards = new double[sets * budget * actions];
            var next = new int[sets * actions];
            double scale = 0;
            for (int set = 0; set < sets; set++)
                for (int t = 0; t < budget; t++)
                    for (int a = 0; a < actions; a++)
                    {
                        int after = set, u = t;
                        double r = reward.Reward(Step(s, ref after, ref u, a));
                        rewards[(set * budget + t) * actions + a] = r;
                        next[set * actions + a] = after;
                        scale = Math.Max(scale, Math.Abs(r));
                    }
            bool Ends(int t, int a) => a == 0 || t + 1 >= budget;
            var toCome = new double[sets * (budget + 1)];
            for (int t = budget - 1; t >= 0; t--)
                for (int set = 0; set < sets; set++)
                {
                    double most = double.NegativeInfinity;
                    for (int a = 0; a < actions; a++)
                        most = Math.Max(most, rewards[(set * budget + t) * actions + a]
                            + (Ends(t, a) ? 0 : toCome[next[set * actions + a] * (budget + 1) + t + 1]));
                    toCome[set * (budget + 1) + t] = most;
                }
            return (rewards, next, toCome, scale);
        }

        /// <summary>The most return reachable after taking each action from (set, step): the action values of the clairvoyant.</summary>
        public double[] ActionValues(int s, int set, int t)
        {
            var (rewards, next, toCome, _) = Values(s);
            int actions = layers + 1;
            return Enumerable.Range(0, actions).Select(a => rewards[(set * budget + t) * actions + a]
                + (a == 0 || t + 1 >= budget ? 0 : toCome[next[set * actions + a] * (budget + 1) + t + 1])).ToArray();
        }

        /// <summary>
        /// The best action sequence of sample <paramref name="s"/>. Every step's reward from every (set, step)
        /// is computed once; a dynamic programme over (set, step) gives the best reward still to come, which
        /// bounds each branch of the depth-first search. A branch is skipped only when even that bound (plus a
        /// margin far above the rounding of a few additions) cannot reach the best return found, so the search
        /// is exact: every sequence that could win or tie is summed in step order and compared.
        /// </summary>
        public int[] Best(int s)
        {
            var (rewards, next, toCome, scale) = Values(s);
            int actions = layers + 1;
            bool Ends(int t, int a) => a == 0 || t + 1 >= budget;
            double margin = 1e-9 * (1 + budget * scale);

            var path = new int[budget];
            int[] best = [];
            double bestReturn = double.NegativeInfinity;
            void Search(int set, int t, double sum)
            {
                for (int a = 0; a < actions; a++)
                {
                    double g = sum + rewards[(set * budget + t) * actions + a];
                    path[t] = a;
                    int after = next[set * actions + a];
                    if (Ends(t, a))
                    {
                        // Depth-first in action order meets equal-length sequences in lexicographic order.
                        if (g > bestReturn || (g == bestReturn && t + 1 < best.Length))
                        {
                            bestReturn = g;
                            best = path[..(t + 1)];
                        }
                    }
                    else if (g + toCome[after * (budget + 1) + t + 1] + margin >= bestReturn)
                        Search(after, t + 1, g);
                }
            }
            Search(0, 0, 0.0);
            return best;
        }
    }
}
