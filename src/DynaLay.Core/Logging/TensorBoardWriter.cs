using Serilog;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Logging;

/// <summary>
/// TensorBoard event files in the run's <c>tb/</c> directory (<c>tensorboard --logdir runs</c>), written with TorchSharp's
/// SummaryWriter: each value is appended and flushed as it is dumped, with no background thread. Every process
/// that writes to a run opens a new event file there; TensorBoard reads them all. A resumed run writes again the
/// epoch that was interrupted, so a step can appear twice (TensorBoard shows the last). TensorBoard files are
/// never needed to resume: if they cannot be written, a warning says so and the run goes on without them.
/// </summary>
public sealed class TensorBoardWriter : IRecordWriter
{
    public const string DirectoryName = "tb";

    private readonly ILogger log;
    private TorchSharp.Modules.SummaryWriter? writer;

    public TensorBoardWriter(string runDir, ILogger log)
    {
        this.log = log;
        Directory = Path.Combine(runDir, DirectoryName);
        Guard(() => writer = torch.utils.tensorboard.SummaryWriter(Directory));
    }

    public string Directory { get; }

    public Sink Sink => Sink.TensorBoard;

    public void Write(Dump dump)
    {
        if (writer is null || dump.IsEmpty) return;
        int step = checked((int)dump.Step);
        Guard(() =>
        {
            using var scope = NewDisposeScope();
            foreach (var (tag, value) in dump.Scalars) writer.add_scalar(tag, (float)value, step);
            foreach (var (tag, values) in dump.Histograms.Where(h => h.Value.Length > 0))
                writer.add_histogram(tag, tensor(values), step);
            foreach (var (tag, text) in dump.Texts) writer.add_text(tag, text, step);
        });
    }

    private void Guard(Action write)
    {
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning("TensorBoard files in {Dir} cannot be written ({Message}); the run goes on without them", Directory, e.Message);
            writer = null;
        }
    }

    public void Dispose() { }
}
