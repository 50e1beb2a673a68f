using DynaLay.Agents.Training;
using DynaLay.Logging;
using DynaLay.Training;

namespace DynaLay.Tests.Core.Logging;

public class RecorderTests
{
    private sealed class FakeWriter(Sink sink) : IRecordWriter
    {
        public List<Dump> Dumps { get; } = [];
        public Sink Sink => sink;
        public void Write(Dump dump) => Dumps.Add(dump);
        public void Dispose() { }
    }

    [Fact]
    public void DumpHandsWhatWasRecordedToEveryWriterAtTheStepThenForgetsIt()
    {
        var (console, csv) = (new FakeWriter(Sink.Console), new FakeWriter(Sink.Csv));
        using var recorder = new Recorder(console, csv);
        recorder.Record("rollout/reward", 0.5);
        recorder.Record("train/loss", 2.0);
        recorder.Record("rollout/reward", 0.25);
        recorder.RecordHistogram("rollout/actions", [0, 1, 1]);
        recorder.RecordText("config", "{}");
        Assert.True(recorder.HasPending);
        recorder.Dump(3);

        var dump = Assert.Single(csv.Dumps);
        Assert.Equal(3, dump.Step);
        Assert.Equal(["rollout/reward", "train/loss"], dump.Scalars.Select(p => p.Key));
        Assert.Equal(0.25, dump["rollout/reward"]);
        Assert.Equal([0.0, 1, 1], dump.Histograms.Single().Value);
        Assert.Equal("{}", dump.Texts.Single().Value);
        Assert.Equal(dump.Scalars, Assert.Single(console.Dumps).Scalars);

        Assert.False(recorder.HasPending);
        recorder.Dump(4);
        Assert.True(csv.Dumps[1].IsEmpty);
        Assert.Throws<KeyNotFoundException>(() => csv.Dumps[1]["rollout/reward"]);
    }

    [Fact]
    public void ExcludedValuesSkipThatWriterAndMeansLeaveOutMissingFigures()
    {
        var (console, tensorboard) = (new FakeWriter(Sink.Console), new FakeWriter(Sink.TensorBoard));
        using var recorder = new Recorder(console, tensorboard);
        recorder.RecordMean("updates/loss", 1.0, exclude: Sink.Console);
        recorder.RecordMean("updates/loss", double.NaN, exclude: Sink.Console);
        recorder.RecordMean("updates/loss", 2.0, exclude: Sink.Console);
        recorder.RecordMean("updates/entropy", double.NaN);
        var all = recorder.Dump(10);

        Assert.Equal(1.5, tensorboard.Dumps.Single()["updates/loss"]);
        Assert.False(tensorboard.Dumps.Single().Has("updates/entropy"));
        Assert.True(console.Dumps.Single().IsEmpty);
        Assert.Equal(1.5, all["updates/loss"]);
    }

    [Fact]
    public void MetricsRowsSurviveTheTripThroughTheirTags()
    {
        var train = new TrainMetrics(2, "train", 60, -0.1, 0.5, 1.25, 0.1, 0.2, 0.3, 0.4, 0.7, 1.1, double.NaN, 0.9, 123.4, 0.5);
        var validation = new TrainMetrics(2, "validation", 12, -0.2, 0.25, 1.5, 0.4, 0.3, 0.2, 0.1, double.NaN, double.NaN, double.NaN, 0.9, double.NaN, 0.125);
        var csv = new FakeWriter(Sink.Csv);
        using (var recorder = new Recorder(csv))
        {
            TrainMetrics.Record(recorder, train, validation);
            recorder.Dump(2);
            new PretrainMetrics(3, 0.6, 0.7, 0.8, 0.9, 10, 6).Record(recorder);
            recorder.Dump(3);
        }
        Assert.Equal([train, validation], TrainMetrics.Rows(csv.Dumps[0]));
        Assert.Empty(TrainMetrics.Rows(csv.Dumps[1]));
        Assert.Equal([new PretrainMetrics(3, 0.6, 0.7, 0.8, 0.9, 10, 6)], PretrainMetrics.Rows(csv.Dumps[1]));
        Assert.Empty(PretrainMetrics.Rows(csv.Dumps[0]));
    }

    [Fact]
    public void TheConsoleLineGroupsTagsByNamespaceAndLeavesOutNaN()
    {
        var dump = new Dump(1, [new("rollout/reward", 0.123456), new("rollout/accuracy", 0.5), new("train/loss", double.NaN), new("eval/reward", -1)], [], []);
        Assert.Equal("rollout reward=0.1235 accuracy=0.5 | eval reward=-1", ConsoleWriter.Format(dump));
        Assert.Null(ConsoleWriter.Format(new Dump(1, [], [], [])));
    }
}
