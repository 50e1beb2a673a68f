using DynaLay.Runs;
using Serilog;

namespace DynaLay.Logging;

/// <summary>
/// A run's figures, recorded by name and written together: <see cref="Record"/> (and <see cref="RecordMean"/>,
/// <see cref="RecordHistogram"/>, <see cref="RecordText"/>) gather values under namespaced tags, and
/// <see cref="Dump"/> hands them, at one step, to every writer (console, CSV, TensorBoard), then forgets them.
/// A value can leave some writers out (<see cref="Sink"/>). Recording a tag again before the dump replaces it.
/// </summary>
public sealed class Recorder(params IRecordWriter[] writers) : IDisposable
{
    private readonly List<Entry<double>> scalars = [];
    private readonly Dictionary<string, (double Sum, int Count, Sink Exclude)> means = [];
    private readonly List<Entry<double[]>> histograms = [];
    private readonly List<Entry<string>> texts = [];

    private readonly record struct Entry<T>(string Tag, T Value, Sink Exclude);

    public IReadOnlyList<IRecordWriter> Writers => writers;

    /// <summary>Whether anything was recorded since the last dump.</summary>
    public bool HasPending => scalars.Count > 0 || means.Count > 0 || histograms.Count > 0 || texts.Count > 0;

    public void Record(string tag, double value, Sink exclude = Sink.None) => Set(scalars, tag, value, exclude);

    /// <summary>Adds to the mean reported under <paramref name="tag"/> at the next dump; NaN and infinities (no figure yet) are left out.</summary>
    public void RecordMean(string tag, double value, Sink exclude = Sink.None)
    {
        if (!double.IsFinite(value)) return;
        var (sum, count, _) = means.GetValueOrDefault(tag);
        means[tag] = (sum + value, count + 1, exclude);
    }

    /// <summary>Values whose distribution TensorBoard shows as a histogram (other writers ignore them).</summary>
    public void RecordHistogram(string tag, IEnumerable<double> values, Sink exclude = Sink.None) => Set(histograms, tag, values.ToArray(), exclude);

    /// <summary>Text (Markdown) for TensorBoard's text tab.</summary>
    public void RecordText(string tag, string text, Sink exclude = Sink.None) => Set(texts, tag, text, exclude);

    /// <summary>Writes everything recorded since the last dump at <paramref name="step"/> and returns it (all of it, exclusions aside).</summary>
    public Dump Dump(long step)
    {
        foreach (var (tag, (sum, count, exclude)) in means) Set(scalars, tag, sum / count, exclude);
        var all = For(Sink.None, step);
        foreach (var writer in writers) writer.Write(For(writer.Sink, step));
        scalars.Clear();
        means.Clear();
        histograms.Clear();
        texts.Clear();
        return all;
    }

    private Dump For(Sink sink, long step) => new(step, Keep(scalars, sink), Keep(histograms, sink), Keep(texts, sink));

    private static List<KeyValuePair<string, T>> Keep<T>(List<Entry<T>> entries, Sink sink) =>
        entries.Where(e => (e.Exclude & sink) == 0).Select(e => KeyValuePair.Create(e.Tag, e.Value)).ToList();

    private static void Set<T>(List<Entry<T>> entries, string tag, T value, Sink exclude)
    {
        int at = entries.FindIndex(e => e.Tag == tag);
        if (at >= 0) entries[at] = new(tag, value, exclude);
        else entries.Add(new(tag, value, exclude));
    }

    /// <summary>The run's config.json as text (TensorBoard's text tab), dumped at step 0; nothing when the run has none yet.</summary>
    public void RecordConfig(string runDir)
    {
        string path = Path.Combine(runDir, MainRun.ConfigFile);
        if (!File.Exists(path)) return;
        // Indented four spaces, Markdown shows it as a code block.
        RecordText("config", string.Join("\n", File.ReadAllLines(path).Select(l => "    " + l)));
        Dump(0);
    }

    /// <summary>
    /// The writers of a run directory: one line per dump in the run's log (<paramref name="log"/>: the console unless
    /// --quiet, log.txt, log.json), the run's CSV (<paramref name="csv"/>) and TensorBoard event files in
    /// <c>tb/</c> (<see cref="TensorBoardWriter"/>).
    /// </summary>
    public static Recorder ForRun(string runDir, ILogger log, string stepName, IRecordWriter csv) =>
        new(new ConsoleWriter(log, stepName), csv, new TensorBoardWriter(runDir, log));

    public void Dispose()
    {
        foreach (var writer in writers) writer.Dispose();
    }
}
