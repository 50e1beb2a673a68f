namespace DynaLay.Envs.Gym;

/// <summary>Thrown by <see cref="EnvChecker.Check"/>; lists every failed check, not just the first.</summary>
public sealed class EnvCheckException : Exception
{
    /// <param name="failures">The failed checks; at least one.</param>
    public EnvCheckException(IReadOnlyList<EnvCheckFailure> failures)
        : base(FormatMessage(failures))
    {
        Failures = failures;
    }

    /// <summary>Every failed check, in the order they were run.</summary>
    public IReadOnlyList<EnvCheckFailure> Failures { get; }

    /// <summary>The distinct names of the failed checks.</summary>
    public IReadOnlyCollection<string> FailedChecks => Failures.Select(f => f.Check).Distinct().ToArray();

    private static string FormatMessage(IReadOnlyList<EnvCheckFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var lines = failures.Select(f => "  - " + f);
        return $"Environment failed {failures.Count} check(s):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
