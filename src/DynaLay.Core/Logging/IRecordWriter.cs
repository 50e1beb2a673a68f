namespace DynaLay.Logging;

/// <summary>Where a <see cref="Recorder"/> sends what was recorded since the last dump: the console, a CSV, TensorBoard.</summary>
public interface IRecordWriter : IDisposable
{
    /// <summary>Which kind of writer this is: values recorded with this kind excluded never reach it.</summary>
    Sink Sink { get; }

    /// <summary>Writes one dump (only the values meant for this writer; possibly none).</summary>
    void Write(Dump dump);
}
