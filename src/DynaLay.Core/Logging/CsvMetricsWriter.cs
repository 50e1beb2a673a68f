namespace DynaLay.Logging;

/// <summary>
/// Appends the rows a dump makes (<paramref name="rows"/>: the record type's own mapping from tags to columns, nothing
/// for a dump it does not describe) to a <see cref="CsvLog{T}"/> such as metrics.csv. <see cref="Bytes"/> is the file's
/// length after the last row: what a run's saved state records, so that a resumed run cuts the file back to it.
/// </summary>
public sealed class CsvMetricsWriter<T>(string path, Func<Dump, IEnumerable<T>> rows) : IRecordWriter
{
    private readonly CsvLog<T> log = new(path);

    public Sink Sink => Sink.Csv;

    public long Bytes => log.Bytes;

    public void Write(Dump dump)
    {
        var made = rows(dump).ToList();
        if (made.Count > 0) log.WriteAll(made);
    }

    public void Dispose() => log.Dispose();
}
