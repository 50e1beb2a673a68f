using System.Text;
using DynaLay.Agents.Training;
using DynaLay.Logging;
using DynaLay.Tests.Cli.Commands;
using DynaLay.Training;

namespace DynaLay.Tests.Core.Logging;

/// <summary>A tiny training run's tb/ event files, read back with a reader of our own: readable (CRCs), tagged, and equal to its CSVs.</summary>
[Collection("cli")]
public class TensorBoardTests
{
    [Fact]
    public void MaskedCrcIsCrc32cOfTfRecord()
    {
        // CRC-32C("123456789") = 0xE3069283 (RFC 3720), masked as TFRecord masks it.
        uint crc = 0xE3069283u;
        Assert.Equal(((crc >> 15) | (crc << 17)) + 0xa282ead8u, EventFile.MaskedCrc(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void ATrainingRunWritesTensorBoardEventsThatMatchItsCsvs()
    {
        string run = Path.Combine(CliRunner.TempDir(), "tb");
        var (code, _, err) = CliRunner.Run("train", "--agent", "reinforce", "--out", run, "--pretrain-epochs", "1", "--epochs", "2",
                                           "--synthetic-train", "60", "--synthetic-test", "24", "--batch", "12", "--threads", "1", "--quiet");
        Assert.True(code == 0, err);

        var files = Directory.GetFiles(Path.Combine(run, TensorBoardWriter.DirectoryName), "events.out.tfevents.*");
        Assert.NotEmpty(files);
        var contents = files.Select(EventFile.Read).ToList();
        Assert.All(contents, c => Assert.Equal("brain.Event:2", c.FileVersion));
        var values = contents.SelectMany(c => c.Values).ToList();

        float Scalar(string tag, long step)
        {
            var found = values.Where(v => v.Tag == tag && v.Step == step && v.Kind == EventFile.Kind.Scalar).ToList();
            Assert.True(found.Count == 1, $"{found.Count} scalars {tag} at step {step}");
            return found[0].Scalar;
        }
        void Same(double expected, float actual, string what) =>
            Assert.True(((float)expected).Equals(actual), $"{what}: metrics {expected}, TensorBoard {actual}");

        var metrics = CsvLog<TrainMetrics>.Read(Path.Combine(run, "metrics.csv"));
        Assert.Equal(4, metrics.Count);
        foreach (var m in metrics)
        {
            string split = m.Split == "train" ? "rollout" : "eval";
            Same(m.MeanReward, Scalar($"{split}/reward", m.Epoch), $"{split}/reward, epoch {m.Epoch}");
            Same(m.Accuracy, Scalar($"{split}/accuracy", m.Epoch), $"{split}/accuracy, epoch {m.Epoch}");
            Same(m.MeanCompute, Scalar($"{split}/flops", m.Epoch), $"{split}/flops, epoch {m.Epoch}");
            Same(m.FreqLayer1, Scalar($"{split}/freq_layer1", m.Epoch), $"{split}/freq_layer1, epoch {m.Epoch}");
            if (m.Split != "train") continue;
            Same(m.AgentLoss, Scalar("train/loss", m.Epoch), $"train/loss, epoch {m.Epoch}");
            Same(m.Entropy, Scalar("train/entropy", m.Epoch), $"train/entropy, epoch {m.Epoch}");
            Same(m.SamplesPerSecond, Scalar("charts/samples_per_s", m.Epoch), $"charts/samples_per_s, epoch {m.Epoch}");
            Assert.True(Scalar("charts/decisions_per_s", m.Epoch) > 0);
        }

        var pretrain = CsvLog<PretrainMetrics>.Read(Path.Combine(run, "pretrain-metrics.csv"));
        var p = Assert.Single(pretrain);
        Same(p.TrainLoss, Scalar("pretrain/loss", 1), "pretrain/loss");
        Same(p.TrainAccuracy, Scalar("pretrain/accuracy", 1), "pretrain/accuracy");
        Same(p.ValidationAccuracyModel0, Scalar("pretrain/val_accuracy_model0", 1), "pretrain/val_accuracy_model0");

        // REINFORCE learns every batch: 5 batches an epoch, so the learner's means land at updates 5 and 10.
        Assert.Equal([5L, 10L], values.Where(v => v.Tag == "updates/loss").Select(v => v.Step).Order());
        Assert.Contains(values, v => v.Tag == "rollout/actions" && v.Kind == EventFile.Kind.Histogram && v.Step == 2);
        Assert.Contains(values, v => v.Tag == "rollout/fpi_iterations_layer1" && v.Kind == EventFile.Kind.Histogram);
        Assert.Contains(values, v => v.Tag == "config/text_summary" && v.Kind == EventFile.Kind.Text && v.Step == 0);
    }
}
