namespace DynaLay.Agents;

/// <summary>
/// One entry of <see cref="AgentRegistry"/>: a name (or a family such as <c>fixed:K</c>), one line on what it
/// is, its hyperparameter record and how to build it. An agent's file registers its own entry (see
/// <see cref="AgentRegistry.Register"/>); nothing else names it.
/// </summary>
public sealed record AgentSpec
{
    private AgentSpec(string name, string summary, bool isLearner, Type? hyperparameters,
                      Func<string, AgentContext, IReadOnlyDictionary<string, string>?, IAgent> create)
    {
        Name = name;
        Summary = summary;
        IsLearner = isLearner;
        Hyperparameters = hyperparameters;
        this.create = create;
    }

    private readonly Func<string, AgentContext, IReadOnlyDictionary<string, string>?, IAgent> create;

    /// <summary>The name <c>--agent</c> takes; a family's is its pattern, e.g. <c>threshold:K:P</c>.</summary>
    public string Name { get; }

    public string Summary { get; }
    public bool IsLearner { get; }

    /// <summary>The hyperparameter record (properties with a Description) or null for a rule without any.</summary>
    public Type? Hyperparameters { get; }

    /// <summary>For a family, the part before the first ':' that every member's name starts with.</summary>
    public string? FamilyPrefix => Name.Contains(':') ? Name[..(Name.IndexOf(':') + 1)] : null;

    public bool Matches(string key) => FamilyPrefix is { } prefix ? key.StartsWith(prefix, StringComparison.Ordinal) : key == Name;

    /// <summary>
    /// Rewrites the overrides of an older version of this agent before they are bound: drops keys that no longer
    /// mean anything, or throws an <see cref="ArgumentException"/> naming the agent that now does what they asked.
    /// Runs keep their options in config.json, so this is what lets a run made before a change load after it.
    /// </summary>
    public Func<IReadOnlyDictionary<string, string>?, IReadOnlyDictionary<string, string>?>? Retired { get; init; }

    internal IAgent Create(string key, AgentContext ctx, IReadOnlyDictionary<string, string>? overrides) =>
        create(key, ctx, Retired is null ? overrides : Retired(overrides));

    /// <summary>A learner with a hyperparameter record <typeparamref name="T"/> bound from "key=value" overrides.</summary>
    public static AgentSpec Learner<T>(string name, string summary, Func<AgentContext, T, IAgent> create) where T : new() =>
        new(name, summary, isLearner: true, typeof(T), (key, ctx, overrides) =>
        {
            var hp = OptionsBinder.Bind<T>(name, overrides);
            try
            {
                return create(ctx, hp);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Agent '{name}': {e.Message}", nameof(overrides), e);
            }
        });

    /// <summary>A rule without hyperparameters.</summary>
    public static AgentSpec Rule(string name, string summary, Func<AgentContext, IAgent> create) =>
        new(name, summary, isLearner: false, null, (key, ctx, overrides) =>
        {
            NoOverrides(key, overrides);
            return create(ctx);
        });

    /// <summary>
    /// A family of rules whose parameters are written in the name (<paramref name="pattern"/>, e.g.
    /// <c>fixed:K</c>); <paramref name="create"/> reads them from the words after the first ':'.
    /// </summary>
    public static AgentSpec Family(string pattern, string summary, Func<AgentContext, string[], IAgent> create) =>
        new(pattern, summary, isLearner: false, null, (key, ctx, overrides) =>
        {
            NoOverrides(key, overrides);
            return create(ctx, key.Split(':')[1..]);
        });

    private static void NoOverrides(string agent, IReadOnlyDictionary<string, string>? overrides)
    {
        if (overrides is { Count: > 0 })
            throw new ArgumentException($"Agent '{agent}' has no hyperparameters; got '{overrides.Keys.First()}'. Valid keys: (none).", nameof(overrides));
    }
}
