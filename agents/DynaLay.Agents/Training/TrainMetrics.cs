using CsvHelper;
using DynaLay.Logging;

namespace DynaLay.Agents.Training;

/// <summary>
/// One row of an agent run's metrics.csv: one per epoch and split ("train" while exploring,
/// "validation" greedy). Action frequencies are shares of all decisions; the networks here have three
/// FPI layers, so the columns are fixed. <see cref="Record"/> and <see cref="Rows"/> map the columns to the
/// recorder's tags and back (README, "TensorBoard").
/// </summary>
[CsvRecord]
public sealed partial record TrainMetrics(
    int Epoch,
    string Split,
    int Episodes,
    double MeanReward,
    double Accuracy,
    double MeanCompute,
    double FreqNop,
    double FreqLayer1,
    double FreqLayer2,
    double FreqLayer3,
    double AgentLoss,
    double Entropy,
    double MainLoss,
    double Epsilon,
    double SamplesPerSecond,
    double Seconds)
{
    /// <summary>Records an epoch's two rows under their tags: the training split's as rollout/ and train/, the validation split's as eval/.</summary>
    public static void Record(Recorder recorder, TrainMetrics train, TrainMetrics validation)
    {
        RecordSplit(recorder, "rollout", train);
        recorder.Record("train/loss", train.AgentLoss);
        recorder.Record("train/entropy", train.Entropy);
        recorder.Record("train/main_loss", train.MainLoss);
        recorder.Record("train/epsilon", train.Epsilon);
        recorder.Record("charts/samples_per_s", train.SamplesPerSecond);
        recorder.Record("time/train_s", train.Seconds, exclude: Sink.Console);
        RecordSplit(recorder, "eval", validation);
        recorder.Record("time/eval_s", validation.Seconds, exclude: Sink.Console);
    }

    private static void RecordSplit(Recorder recorder, string prefix, TrainMetrics row)
    {
        recorder.Record($"{prefix}/episodes", row.Episodes, exclude: Sink.Console);
        recorder.Record($"{prefix}/reward", row.MeanReward);
        recorder.Record($"{prefix}/accuracy", row.Accuracy);
        recorder.Record($"{prefix}/flops", row.MeanCompute);
        recorder.Record($"{prefix}/freq_nop", row.FreqNop, exclude: Sink.Console);
        recorder.Record($"{prefix}/freq_layer1", row.FreqLayer1, exclude: Sink.Console);
        recorder.Record($"{prefix}/freq_layer2", row.FreqLayer2, exclude: Sink.Console);
        recorder.Record($"{prefix}/freq_layer3", row.FreqLayer3, exclude: Sink.Console);
    }

    /// <summary>The two rows an epoch's dump makes (none for another dump, such as the learner's losses every few updates).</summary>
    public static IEnumerable<TrainMetrics> Rows(Dump d)
    {
        if (!d.Has("rollout/reward")) yield break;
        int epoch = checked((int)d.Step);
        yield return Row(d, epoch, "train", "rollout", d["train/loss"], d["train/entropy"], d["train/main_loss"], d["charts/samples_per_s"], d["time/train_s"]);
        yield return Row(d, epoch, "validation", "eval", double.NaN, double.NaN, double.NaN, double.NaN, d["time/eval_s"]);
    }

    private static TrainMetrics Row(Dump d, int epoch, string split, string prefix, double loss, double entropy, double mainLoss, double rate, double seconds) =>
        new(epoch, split, checked((int)d[$"{prefix}/episodes"]), d[$"{prefix}/reward"], d[$"{prefix}/accuracy"], d[$"{prefix}/flops"],
            d[$"{prefix}/freq_nop"], d[$"{prefix}/freq_layer1"], d[$"{prefix}/freq_layer2"], d[$"{prefix}/freq_layer3"],
            loss, entropy, mainLoss, d["train/epsilon"], rate, seconds);
}
