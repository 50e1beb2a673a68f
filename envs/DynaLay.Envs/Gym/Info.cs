namespace DynaLay.Envs.Gym;

/// <summary>Auxiliary diagnostic data returned by <c>Reset</c> and <c>Step</c>; keys are free-form, like Gymnasium's info dict.</summary>
public sealed class Info : Dictionary<string, object>
{
    /// <summary>An empty info.</summary>
    public Info()
        : base(StringComparer.Ordinal)
    {
    }
}
