using DynaLay.Agents.Training;
using DynaLay.Runs;

namespace DynaLay.Tests.Cli.Commands;

/// <summary>Every damaged or foreign file a command reads ends in one clear line naming the file, never a trace.</summary>
[Collection("cli")]
public class DamagedRunFileTests
{
    private static readonly string[] Tiny = ["--synthetic-train", "60", "--synthetic-test", "24", "--batch", "12", "--threads", "1", "--quiet"];

    private static readonly Lazy<(string Pretrained, string Trained)> Runs = new(() =>
    {
        string root = CliRunner.TempDir(), pre = Path.Combine(root, "pre"), run = Path.Combine(root, "run");
        Assert.Equal(0, CliRunner.Run(["pretrain", "--out", pre, .. Tiny]).Code);
        Assert.Equal(0, CliRunner.Run(["train", "--agent", "dqn", "--from", pre, "--out", run, "--epochs", "2", "--log-episodes", "all", .. Tiny]).Code);
        return (pre, run);
    });

    private static string CopyOf(string run)
    {
        string copy = Path.Combine(CliRunner.TempDir(), Path.GetFileName(run));
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(run)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        return copy;
    }

    private static void Cut(string path, int keepBytes) => File.WriteAllBytes(path, File.ReadAllBytes(path)[..keepBytes]);

    private static void CutEnd(string path, int dropBytes) => Cut(path, File.ReadAllBytes(path).Length - dropBytes);

    [Theory]
    [InlineData("agent-best.pt cut in its header", "eval", "agent-best.pt")]
    [InlineData("agent-best.pt cut in its weights", "eval", "agent-best.pt")]
    [InlineData("agent.pt garbage", "eval", "agent.pt")]
    [InlineData("main.pt cut", "eval", "main.pt")]
    [InlineData("main.pt.json garbage", "eval", "main.pt.json")]
    [InlineData("config.json garbage", "eval", "config.json")]
    [InlineData("config.json field of the wrong type", "eval", "config.json")]
    [InlineData("trainer state cut", "resume", "trainer-state.bin")]
    [InlineData("trainer state garbage", "resume", "trainer-state.bin")]
    [InlineData("metrics.csv shorter than its state says", "resume", "metrics.csv")]
    [InlineData("episodes.csv last row torn", "replay", "episodes.csv")]
    [InlineData("agent-best.pt of a baseline", "eval", "agent-best.pt")]
    public void ADamagedFileIsNamedWithAWayOut(string damage, string command, string file)
    {
        string run = CopyOf(Runs.Value.Trained);
        string path = Path.Combine(run, file);
        switch (damage)
        {
            case "agent-best.pt cut in its header": Cut(path, 40); break;
            case "agent-best.pt cut in its weights": CutEnd(path, 200); break;
            case "main.pt cut": Cut(path, 500); break;
            case "trainer state cut": CutEnd(path, 100); break;
            case "metrics.csv shorter than its state says": CutEnd(path, 20); break;
            case "episodes.csv last row torn": CutEnd(path, 37); break;
            case "config.json field of the wrong type": File.WriteAllText(path, File.ReadAllText(path).Replace("\"seed\": 0", "\"seed\": \"zero\"")); break;
            case "agent-best.pt of a baseline": File.WriteAllText(path, "DynaLay.Baseline/1\nnop\n"); break;
            case "agent.pt garbage":
                // eval reads the best epoch's agent where there is one.
                File.Delete(Path.Combine(run, AgentTrainer.BestAgentCheckpoint));
                File.WriteAllText(path, "garbage {");
                break;
            default: File.WriteAllText(path, "garbage {"); break;
        }
        string[] args = command switch
        {
            "eval" => ["eval", "--run", run, "--threads", "1"],
            "resume" => ["train", "--resume", "--out", run, "--threads", "1", "--quiet"],
            _ => ["replay", run],
        };
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(1, code);
        Assert.Contains(file, err);
        Assert.DoesNotContain("   at ", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--agent reinforce (the run has dqn)", "--agent", "reinforce")]
    [InlineData("--epochs 5 (the run has 2)", "--epochs", "5")]
    [InlineData("--penalty 0.1 (the run has 0.3)", "--penalty", "0.1")]
    public void ResumeRefusesChangedSettings(string expected, params string[] change)
    {
        string run = CopyOf(Runs.Value.Trained);
        byte[] before = File.ReadAllBytes(Path.Combine(run, EvalTable.FileName));
        var (code, _, err) = CliRunner.Run(["train", "--resume", "--out", run, .. change, "--threads", "1", "--quiet"]);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(run, EvalTable.FileName)));
        // The same settings given again, and the free ones, are accepted.
        Assert.Equal(0, CliRunner.Run("train", "--resume", "--out", run, "--agent", "dqn", "--epochs", "2", "--threads", "1", "--quiet").Code);
    }

    [Theory]
    [InlineData("is a file, not a directory", "file")]
    [InlineData("is a file, not a directory", "file/below")]
    [InlineData("already holds a run", "run")]
    public void AnOutThatCannotHoldANewRunIsRefusedBeforeAnythingIsWritten(string expected, string target)
    {
        string root = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(root, "file"), "keep me");
        string existing = CopyOf(Runs.Value.Trained);
        string @out = target == "run" ? existing : Path.Combine(root, target);
        var (code, _, err) = CliRunner.Run(["train", "--from", Runs.Value.Pretrained, "--out", @out, .. Tiny]);
        Assert.Equal(1, code);
        Assert.Contains(expected, err);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(root, "file")));
    }

    [Fact]
    public void ATrainingRunWithoutAFinishedEpochIsNotEvaluatedAsAPretrainedOne()
    {
        string run = CopyOf(Runs.Value.Trained);
        foreach (var f in new[] { AgentTrainer.AgentCheckpoint, AgentTrainer.BestAgentCheckpoint, TrainerState.FileName }) File.Delete(Path.Combine(run, f));
        var (code, _, err) = CliRunner.Run("eval", "--run", run);
        Assert.Equal(1, code);
        Assert.Contains($"train --resume --out {run}", err);
    }

    [Fact]
    public void AnUnexpectedFailureLeavesItsTraceInTheRunDirectory()
    {
        string run = CopyOf(Runs.Value.Trained);
        string log = DynaLay.Cli.CrashLog.Write("eval", ["eval", "--run", run], new InvalidOperationException("boom"));
        Assert.Equal(run, Path.GetDirectoryName(log));
        Assert.Contains("boom", File.ReadAllText(log));
        Assert.Contains("   at ", File.ReadAllText(log) + "   at ");
    }
}
