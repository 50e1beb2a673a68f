using CsvHelper;
using DynaLay.Logging;

namespace DynaLay.Training;

/// <summary>One row of a pretraining run's metrics.csv (one per epoch).</summary>
[CsvRecord]
public sealed partial record PretrainMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationAccuracyModel0,
    double ValidationAccuracyAllFpi,
    double Seconds,
    double SamplesPerSecond)
{
    /// <summary>Records the row's figures under their TensorBoard tags (the epoch is the dump's step).</summary>
    public void Record(Recorder recorder)
    {
        recorder.Record("pretrain/loss", TrainLoss);
        recorder.Record("pretrain/accuracy", TrainAccuracy);
        recorder.Record("pretrain/val_accuracy_model0", ValidationAccuracyModel0);
        recorder.Record("pretrain/val_accuracy_all_fpi", ValidationAccuracyAllFpi);
        recorder.Record("pretrain/seconds", Seconds, exclude: Sink.Console);
        recorder.Record("pretrain/samples_per_s", SamplesPerSecond);
    }

    /// <summary>The row an epoch's dump makes (none for a dump without the pretraining figures).</summary>
    public static IEnumerable<PretrainMetrics> Rows(Dump d)
    {
        if (!d.Has("pretrain/loss")) yield break;
        yield return new((int)d.Step, d["pretrain/loss"], d["pretrain/accuracy"], d["pretrain/val_accuracy_model0"],
                         d["pretrain/val_accuracy_all_fpi"], d["pretrain/seconds"], d["pretrain/samples_per_s"]);
    }
}
