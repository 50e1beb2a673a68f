namespace DynaLay.Envs.Gym;

/// <summary>One failed check of <see cref="EnvChecker"/>.</summary>
/// <param name="Check">The check's name, one of <see cref="EnvCheckNames"/>.</param>
/// <param name="Message">What went wrong.</param>
public sealed record EnvCheckFailure(string Check, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"[{Check}] {Message}";
}
