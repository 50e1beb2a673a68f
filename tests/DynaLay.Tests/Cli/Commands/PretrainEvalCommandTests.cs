using DynaLay.Logging;
using DynaLay.Runs;
using DynaLay.Training;

namespace DynaLay.Tests.Cli.Commands;

[Collection("cli")]
public class PretrainEvalCommandTests
{
    private static readonly string[] Tiny = ["--synthetic-train", "80", "--synthetic-test", "40", "--batch", "16", "--threads", "1"];

    [Fact]
    public void PretrainWritesARunThatEvalReads()
    {
        string run = Path.Combine(CliRunner.TempDir(), "p");
        var (code, output, err) = CliRunner.Run(["pretrain", "--out", run, "--epochs", "2", .. Tiny]);
        Assert.True(code == 0, err);
        foreach (var f in new[] { "config.json", "metrics.csv", "main.pt", "main.pt.json", "log.txt", "log.json", "eval-models.csv" })
            Assert.True(File.Exists(Path.Combine(run, f)), $"{f} missing");
        var metrics = CsvLog<PretrainMetrics>.Read(Path.Combine(run, "metrics.csv"));
        Assert.Equal([1, 2], metrics.Select(m => m.Epoch));
        Assert.All(metrics, m => Assert.True(double.IsFinite(m.TrainLoss)));
        Assert.Contains("Model 3", output);

        var (evalCode, evalOut, evalErr) = CliRunner.Run("eval", "--run", run, "--threads", "1");
        Assert.True(evalCode == 0, evalErr);
        // Same checkpoint, same data, same table.
        Assert.Equal(Table(output), Table(evalOut));
    }

    [Fact]
    public void ChannelsShapeTheImageNetworkAndEvalCanSwitchTheSolver()
    {
        string run = Path.Combine(CliRunner.TempDir(), "narrow");
        var (code, _, err) = CliRunner.Run(["pretrain", "--out", run, "--channels", "4,6,8", .. Tiny]);
        Assert.True(code == 0, err);
        Assert.Contains("\"channels\": [\n      4,\n      6,\n      8\n    ]", File.ReadAllText(Path.Combine(run, "config.json")).Replace("\r\n", "\n"));
        byte[] own = File.ReadAllBytes(Path.Combine(run, ModelTable.FileName));

        var (evalCode, evalOut, evalErr) = CliRunner.Run("eval", "--run", run, "--fpi-solver", "anderson", "--anderson-m", "3", "--threads", "1");
        Assert.True(evalCode == 0, evalErr);
        Assert.Contains("Model 3", evalOut);
        // The run's own table is left as it was; the other solver's goes beside it, with the same straight pass.
        Assert.Equal(own, File.ReadAllBytes(Path.Combine(run, ModelTable.FileName)));
        var anderson = File.ReadAllLines(Path.Combine(run, "eval-models-anderson.csv"));
        var picard = System.Text.Encoding.UTF8.GetString(own).Split('\n');
        Assert.Equal(picard[0], anderson[0]);
        Assert.Equal(picard[1], anderson[1]);
    }

    /// <summary>The Models table without its last column, the seconds each model took.</summary>
    private static string Table(string output) =>
        string.Join("\n", output.Split('\n').Where(l => l.StartsWith("| Model", StringComparison.Ordinal))
                                           .Select(l => l.TrimEnd()[..l.TrimEnd()[..^1].LastIndexOf('|')]));

    [Fact]
    public void PretrainRefusesToOverwriteARun()
    {
        string run = Path.Combine(CliRunner.TempDir(), "p");
        Assert.Equal(0, CliRunner.Run(["pretrain", "--out", run, .. Tiny]).Code);
        byte[] before = File.ReadAllBytes(Path.Combine(run, "main.pt"));
        var (code, _, err) = CliRunner.Run(["pretrain", "--out", run, .. Tiny]);
        Assert.Equal(1, code);
        Assert.Contains("already holds a run", err);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(run, "main.pt")));
    }

    [Theory]
    [InlineData("unknown option --bogus", "pretrain", "--bogus", "1")]
    [InlineData("out of range", "pretrain", "--epochs", "0")]
    [InlineData("Unknown dataset 'nope'", "pretrain", "--dataset", "nope")]
    [InlineData("not one of cpu, cuda, auto", "pretrain", "--device", "tpu")]
    [InlineData("not a layer list", "pretrain", "--fpi", "7")]
    [InlineData("not one of dense, depthwise", "pretrain", "--recurrence", "sparse")]
    [InlineData("out of range", "pretrain", "--contraction", "1.5")]
    [InlineData("not three positive channel counts", "pretrain", "--channels", "8,16")]
    [InlineData("not three positive channel counts", "pretrain", "--channels", "8,0,16")]
    [InlineData("goes with --fpi-solver anderson", "eval", "--run", "runs/any", "--anderson-m", "3")]
    [InlineData("shape a new network", "train", "--agent", "nop", "--from", "runs/any", "--recurrence", "depthwise")]
    [InlineData("shape a new network", "train", "--agent", "nop", "--from", "runs/any", "--channels", "8,8,8")]
    [InlineData("'--run' is required", "eval")]
    [InlineData("--out: the value is empty", "pretrain", "--out", "")]
    [InlineData("--data-dir: the value is empty", "eval", "--run", "runs/any", "--data-dir", " ")]
    [InlineData("does not exist", "eval", "--run", "/nonexistent/run")]
    [InlineData("unknown command 'fly'", "fly")]
    public void BadInputGetsAClearError(string expected, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void ACheckpointFromAnotherArchitectureIsRejectedByName()
    {
        string root = CliRunner.TempDir();
        string image = Path.Combine(root, "image"), text = Path.Combine(root, "text");
        Assert.Equal(0, CliRunner.Run(["pretrain", "--out", image, .. Tiny]).Code);
        Assert.Equal(0, CliRunner.Run(["pretrain", "--out", text, "--dataset", "synthetic-text", "--max-length", "12", .. Tiny]).Code);
        File.Copy(Path.Combine(text, "main.pt"), Path.Combine(image, "main.pt"), overwrite: true);
        File.Copy(Path.Combine(text, "main.pt.json"), Path.Combine(image, "main.pt.json"), overwrite: true);
        var (code, _, err) = CliRunner.Run("eval", "--run", image);
        Assert.Equal(1, code);
        Assert.Contains("another architecture", err);
    }

    [Fact]
    public void ACheckpointWithSharedBatchNormStatisticsSaysToPretrainAgain()
    {
        // A checkpoint from before per-pattern statistics: its manifest lists running_mean as [C].
        string run = Path.Combine(CliRunner.TempDir(), "image");
        Assert.Equal(0, CliRunner.Run(["pretrain", "--out", run, .. Tiny]).Code);
        string manifest = Path.Combine(run, "main.pt.json");
        var shapes = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, long[]>>(File.ReadAllText(manifest))!;
        foreach (var name in shapes.Keys.Where(n => n.Contains("norm.running_")).ToList()) shapes[name] = [shapes[name][^1]];
        File.WriteAllText(manifest, System.Text.Json.JsonSerializer.Serialize(shapes));

        var (code, _, err) = CliRunner.Run("eval", "--run", run);
        Assert.Equal(1, code);
        Assert.Contains("before batch norm kept statistics per mode pattern", err);
        Assert.Contains("dynalay pretrain", err);
    }
}
