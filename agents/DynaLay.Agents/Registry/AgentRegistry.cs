using System.Globalization;

namespace DynaLay.Agents;

/// <summary>Builds agents by name, with hyperparameter overrides ("key=value" by property name).</summary>
public static class AgentRegistry
{
    /// <summary>
    /// Every name <see cref="Create"/> accepts; "fixed:K" stands for fixed:1 .. fixed:L, "threshold:K:P" for
    /// FPI on layer K when the top class probability is below P (e.g. threshold:1:0.3).
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = ["reinforce", "ppo", "dqn", "agentnet", "nop", "all", "fixed:K", "threshold:K:P", "random", "oracle"];

    public static IAgent Create(string name, AgentContext ctx, IReadOnlyDictionary<string, string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(ctx);
        string key = name.Trim().ToLowerInvariant();
        switch (key)
        {
            case "reinforce": return new ReinforceAgent(ctx, Bind<ReinforceAgent.Hyperparameters>(key, overrides, h => h.Validate()));
            case "ppo": return new PpoAgent(ctx, Bind<PpoAgent.Hyperparameters>(key, overrides, h => h.Validate()));
            case "dqn": return new DqnAgent(ctx, Bind<DqnAgent.Hyperparameters>(key, overrides, h => h.Validate()));
            case "agentnet": return new AgentNetAgent(ctx, Bind<AgentNetAgent.Hyperparameters>(key, overrides, h => h.Validate()));
        }
        bool baseline = key is "nop" or "all" or "random" or "oracle"
                        || key.StartsWith("fixed:", StringComparison.Ordinal) || key.StartsWith("threshold:", StringComparison.Ordinal);
        if (baseline) NoOverrides(key, overrides);
        switch (key)
        {
            case "nop": return new NopAgent(ctx);
            case "all": return new AllLayersAgent(ctx);
            case "random": return new RandomAgent(ctx);
            case "oracle": return new OracleAgent(ctx);
        }
        if (key.StartsWith("fixed:", StringComparison.Ordinal))
        {
            if (!int.TryParse(key["fixed:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int k))
                throw new ArgumentException($"'{name}': the layer of fixed:K must be an integer in 1..{ctx.NumLayers}.", nameof(name));
            return new FixedLayerAgent(ctx, k);
        }
        if (key.StartsWith("threshold:", StringComparison.Ordinal))
        {
            var parts = key.Split(':');
            if (parts.Length != 3
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int k)
                || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
                throw new ArgumentException($"'{name}': write threshold:K:P with a layer K in 1..{ctx.NumLayers} and a probability P in (0, 1], e.g. threshold:1:0.3.", nameof(name));
            return new ConfidenceThresholdAgent(ctx, k, p);
        }
        throw new ArgumentException($"Unknown agent '{name}'. Valid agents: {string.Join(", ", Names)} (K in 1..{ctx.NumLayers}).", nameof(name));
    }

    /// <summary>The hyperparameters of an agent with their defaults and docs (empty for baselines).</summary>
    public static IReadOnlyList<HyperparameterInfo> Hyperparameters(string name)
    {
        string key = name.Trim().ToLowerInvariant();
        return key switch
        {
            "reinforce" => OptionsBinder.Describe(typeof(ReinforceAgent.Hyperparameters)),
            "ppo" => OptionsBinder.Describe(typeof(PpoAgent.Hyperparameters)),
            "dqn" => OptionsBinder.Describe(typeof(DqnAgent.Hyperparameters)),
            "agentnet" => OptionsBinder.Describe(typeof(AgentNetAgent.Hyperparameters)),
            "nop" or "all" or "random" or "oracle" or "fixed:k" or "threshold:k:p" => [],
            _ when key.StartsWith("fixed:", StringComparison.Ordinal) || key.StartsWith("threshold:", StringComparison.Ordinal) => [],
            _ => throw new ArgumentException($"Unknown agent '{name}'. Valid agents: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>A help text: every agent and its hyperparameters with defaults.</summary>
    public static string Help()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var n in Names)
        {
            sb.AppendLine(n);
            foreach (var h in Hyperparameters(n))
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {h.Key} ({h.Type}, default {h.Default}): {h.Doc}");
        }
        return sb.ToString();
    }

    private static T Bind<T>(string agent, IReadOnlyDictionary<string, string>? overrides, Action<T> validate) where T : new()
    {
        var options = OptionsBinder.Bind<T>(agent, overrides);
        try
        {
            validate(options);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Agent '{agent}': {e.Message}", nameof(overrides), e);
        }
        return options;
    }

    private static void NoOverrides(string agent, IReadOnlyDictionary<string, string>? overrides)
    {
        if (overrides is { Count: > 0 })
            throw new ArgumentException($"Agent '{agent}' has no hyperparameters; got '{overrides.Keys.First()}'. Valid keys: (none).", nameof(overrides));
    }
}
