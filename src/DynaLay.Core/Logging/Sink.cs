namespace DynaLay.Logging;

/// <summary>The kinds of writer a <see cref="Recorder"/> feeds; a recorded value can leave some of them out.</summary>
[Flags]
public enum Sink
{
    None = 0,
    Console = 1,
    Csv = 2,
    TensorBoard = 4,
}
