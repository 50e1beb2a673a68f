using System.Runtime.CompilerServices;

namespace DynaLay.Agents;

/// <summary>
/// An upper bound by look-ahead: at the first decision of a batch it runs the main network under every
/// one of the 2^L mode sets (each on the whole batch at once), and gives each sample the cheapest set,
/// by the network's compute, whose prediction is right; it then plays that set's layers in increasing
/// order and NOP. A sample no set gets right answers at once (NOP). Increasing order reproduces the
/// network's own forward: each FPI step starts from the straight output of an input whose earlier
/// layers already have their final modes. The look-ahead is not charged as agent compute: the oracle is
/// a reference, not a deployable policy. Predictions match the environment's only if the network is
/// deterministic (eval mode), as in evaluation.
/// </summary>
public sealed class OracleAgent : BaselineAgent
{
    /// <summary>Its entry in <see cref="AgentRegistry"/>.</summary>
    public static AgentSpec Spec { get; } = AgentSpec.Rule("oracle", "look-ahead bound: the cheapest mode set whose answer is right", ctx => new OracleAgent(ctx));

    [ModuleInitializer]
    internal static void Register() => AgentRegistry.Register(Spec);

    private int[][] plan = [];

    public OracleAgent(AgentContext context) : base(context)
    {
        if (context.NumLayers > 16) throw new ArgumentException($"The oracle evaluates 2^L mode sets; L = {context.NumLayers} is too many.");
    }

    public override string Name => "oracle";

    /// <summary>The layers (1-based, increasing) planned for each sample of the current batch.</summary>
    public IReadOnlyList<int[]> Plan => plan;

    protected override void Choose(AgentInput input, int[] actions)
    {
        var env = input.Env ?? throw new InvalidOperationException("The oracle looks ahead through the environment; AgentInput.Env is null.");
        int b = actions.Length;
        bool fresh = plan.Length != b || Enumerable.Range(0, b).All(i => env.Steps[i] == 0);
        if (fresh) plan = MakePlan(env);
        for (int i = 0; i < b; i++)
        {
            if (!input.Active[i]) continue;
            int step = env.Steps[i];
            actions[i] = step < plan[i].Length ? plan[i][step] : 0;
        }
    }

    private static int[][] MakePlan(Envs.LayerSelection.LayerSelectionEnv env)
    {
        int b = env.BatchCount, layers = env.NumLayers;
        var labels = env.Labels;
        var bestCost = Enumerable.Repeat(double.PositiveInfinity, b).ToArray();
        var bestMask = new int[b];
        var (predictions, iterations) = env.Backend.Lookahead(env.SampleIndices);
        var its = new int[layers];

        // Fewer layers first, so a tie in compute goes to the simpler set.
        foreach (int mask in Enumerable.Range(0, 1 << layers).OrderBy(m => System.Numerics.BitOperations.PopCount((uint)m)).ThenBy(m => m))
            for (int i = 0; i < b; i++)
            {
                if (predictions[i, mask] != labels[i]) continue;
                for (int k = 0; k < layers; k++) its[k] = iterations[i, mask, k];
                double cost = env.Backend.Costs.PassCompute(mask, its);
                if (cost < bestCost[i])
                {
                    bestCost[i] = cost;
                    bestMask[i] = mask;
                }
            }
        var next = new int[b][];
        for (int i = 0; i < b; i++)
        {
            var chosen = double.IsPositiveInfinity(bestCost[i]) ? [] : Enumerable.Range(1, layers).Where(k => (bestMask[i] >> (k - 1) & 1) == 1);
            next[i] = chosen.Append(0).ToArray();
        }
        return next;
    }
}
