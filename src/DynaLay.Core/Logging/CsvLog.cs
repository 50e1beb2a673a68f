using System.Globalization;
using CsvHelper;
using DynaLay.Runs;

namespace DynaLay.Logging;

/// <summary>
/// An append-only CSV of records of one type (invariant culture, plain header; the record type is a
/// <c>[CsvRecord] partial</c> record so that CsvHelper generates its writer). Flushed after every write,
/// so a crash loses at most the rows being written. Reopening an existing file appends without
/// repeating the header, which is what a resumed run needs.
/// </summary>
public sealed class CsvLog<T> : IDisposable
{
    private static readonly CsvWriterOptions WriterOptions = new() { FormatProvider = CultureInfo.InvariantCulture };
    private readonly FileStream stream;
    private readonly StreamWriter text;
    private readonly CsvWriter csv;

    public CsvLog(string path)
    {
        Path = path;
        bool fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        text = new StreamWriter(stream);
        csv = CsvWriter.Create(text, WriterOptions, leaveOpen: true);
        if (fresh)
        {
            csv.WriteHeader<T>();
            Flush();
        }
    }

    public string Path { get; }

    /// <summary>The file's length after the last write: where a resumed run cuts it back to.</summary>
    public long Bytes => stream.Position;

    public void Write(T record) => WriteAll([record]);

    public void WriteAll(IEnumerable<T> records)
    {
        foreach (var r in records) csv.WriteRecord(r);
        Flush();
    }

    private void Flush()
    {
        csv.Flush();
        text.Flush();
        stream.Flush(flushToDisk: false);
    }

    /// <summary>
    /// Cuts a log back to <paramref name="bytes"/>, the length it had when a run saved its state, dropping what
    /// was written after (a torn last row included).
    /// </summary>
    public static void CutTo(string path, long bytes)
    {
        long length = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (length < bytes)
            throw new RunException($"{path} is shorter ({length} bytes) than when the run last saved its state ({bytes} bytes): it was cut or replaced outside the run, so the run cannot be resumed exactly. Start a new run.");
        if (length == bytes) return;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Write);
        fs.SetLength(bytes);
        fs.Flush(flushToDisk: true);
    }

    public static List<T> Read(string path)
    {
        if (!File.Exists(path)) throw new RunException($"{path} is missing.");
        try
        {
            using var csv = CsvReader.FromFile(path, new CsvReaderOptions(), FileOptions.SequentialScan);
            return csv.GetRecords<T>().ToList();
        }
        catch (Exception e) when (e is not RunException and not IOException)
        {
            throw new RunException($"{path} cannot be read ({e.Message.Split('\n')[0].Trim()}). A row cut short at the end is what a run killed while writing leaves: " +
                                   "train --resume cuts it off; otherwise restore the file from a copy.", e);
        }
    }

    public void Dispose()
    {
        csv.Dispose();
        text.Dispose();
    }
}
