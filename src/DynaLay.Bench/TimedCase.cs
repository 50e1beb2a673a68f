namespace DynaLay.Bench;

/// <summary>One case of a workload: the timed step and optional untimed set-up before each step.</summary>
public sealed record TimedCase(string Name, Action Step, Action? Before = null);
