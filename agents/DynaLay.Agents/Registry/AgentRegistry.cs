using System.Globalization;

namespace DynaLay.Agents;

/// <summary>
/// Builds agents by name, with hyperparameter overrides ("key=value" by property name). Every agent registers
/// itself from its own file (a <c>[ModuleInitializer]</c> calling <see cref="Register"/>), so adding one is
/// one file; an assembly that registers agents (a plug-in, a test project) adds them to every command.
/// </summary>
public static class AgentRegistry
{
    private static readonly List<AgentSpec> Entries = [];
    private static readonly object Gate = new();

    /// <summary>Adds an agent; its name must be new.</summary>
    public static void Register(AgentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (Gate)
        {
            if (Entries.Any(e => e.Name == spec.Name || (spec.FamilyPrefix ?? spec.Name + ":") == e.FamilyPrefix))
                throw new InvalidOperationException($"An agent named '{spec.Name}' is already registered.");
            Entries.Add(spec);
        }
    }

    /// <summary>Every registered agent: learners, then rules, each by name.</summary>
    public static IReadOnlyList<AgentSpec> Specs
    {
        get
        {
            lock (Gate)
                return Entries.OrderBy(e => e.IsLearner ? 0 : 1).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>
    /// Every name <see cref="Create"/> accepts; "fixed:K" stands for fixed:1 .. fixed:L, "threshold:K:P" for
    /// FPI on layer K when the top class probability is below P (e.g. threshold:1:0.3).
    /// </summary>
    public static IReadOnlyList<string> Names => Specs.Select(s => s.Name).ToList();

    /// <summary>The entry a name (e.g. "dqn", "fixed:2") belongs to.</summary>
    public static AgentSpec Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        return Specs.FirstOrDefault(s => s.Matches(key) || s.Name.Equals(key, StringComparison.OrdinalIgnoreCase))
               ?? throw new ArgumentException($"Unknown agent '{name}'. Valid agents: {string.Join(", ", Names)}.", nameof(name));
    }

    public static IAgent Create(string name, AgentContext ctx, IReadOnlyDictionary<string, string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var spec = Find(name);
        return spec.Create(name.Trim().ToLowerInvariant(), ctx, overrides);
    }

    /// <summary>The hyperparameters of an agent with their defaults and docs (empty for rules).</summary>
    public static IReadOnlyList<HyperparameterInfo> Hyperparameters(string name) =>
        Find(name).Hyperparameters is { } type ? OptionsBinder.Describe(type) : [];

    /// <summary>A help text: every agent, what it is, and its hyperparameters with defaults.</summary>
    public static string Help()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var spec in Specs)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{spec.Name,-15} {spec.Summary}");
            if (spec.Hyperparameters is { } type)
                foreach (var h in OptionsBinder.Describe(type))
                    sb.AppendLine(CultureInfo.InvariantCulture, $"  {h.Key} ({h.Type}, default {h.Default}): {h.Doc}");
        }
        return sb.ToString();
    }
}
