namespace DynaLay.Runs;

/// <summary>A problem with a run directory or a setting, worded for the user: what is wrong and the way out.</summary>
public sealed class RunException : Exception
{
    public RunException(string message) : base(message) { }
    public RunException(string message, Exception inner) : base(message, inner) { }
}
