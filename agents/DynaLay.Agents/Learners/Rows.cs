using DynaLay.Envs.LayerSelection;

namespace DynaLay.Agents;

/// <summary>Per-row choices over host copies of a [B, A] score matrix.</summary>
internal static class Rows
{
    public static int Argmax(float[] scores, int row, int width)
    {
        int best = 0;
        for (int a = 1; a < width; a++)
            if (scores[row * width + a] > scores[row * width + best]) best = a;
        return best;
    }

    /// <summary>Draws from the row's probabilities by inverse CDF (a seeded host RNG keeps runs reproducible).</summary>
    public static int Sample(float[] probs, int row, int width, Random rng)
    {
        double u = rng.NextDouble(), cum = 0;
        for (int a = 0; a < width; a++)
        {
            cum += probs[row * width + a];
            if (u < cum) return a;
        }
        return Argmax(probs, row, width);
    }

    /// <summary>
    /// A categorical policy's decision: the probabilities of every action per row, checked; active rows sample
    /// from them while exploring and take the argmax otherwise, ended rows get NoAction.
    /// </summary>
    public static AgentDecision Categorical(PolicyNetwork policy, AgentInput input, int width, Random rng, string agent, long update)
    {
        float[] probs = policy.Probabilities(input.Observations);
        ThrowIfNotFinite(probs, agent, update, "the action probabilities");
        var actions = Inactive(input.Active.Length);
        for (int i = 0; i < actions.Length; i++)
            if (input.Active[i]) actions[i] = input.Explore ? Sample(probs, i, width, rng) : Argmax(probs, i, width);
        return new AgentDecision(actions, probs, "probability");
    }

    public static void ThrowIfNotFinite(float[] values, string agent, long update, string what)
    {
        foreach (var v in values)
            if (!float.IsFinite(v)) throw new AgentDivergedException(agent, update, what);
    }

    public static int[] Inactive(int batch) => Enumerable.Repeat(LayerSelectionEnv.NoAction, batch).ToArray();
}
