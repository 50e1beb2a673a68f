using System.Diagnostics;
using DynaLay.Agents.Logging;
using DynaLay.Agents.Training;
using DynaLay.Runs;

namespace DynaLay.Tests.Cli.Commands;

/// <summary>
/// Runs killed (SIGKILL, from inside, at named moments: <see cref="KillPoint"/>) and resumed, compared byte for
/// byte with the same runs never stopped: logs (timing columns aside), evaluation tables and checkpoints.
/// </summary>
[Collection("cli")]
public class KillResumeTests
{
    private static readonly string[] Tiny =
        ["--synthetic-train", "60", "--synthetic-test", "24", "--batch", "12", "--threads", "1", "--log-episodes", "all", "--quiet"];

    private static readonly string[] TimingColumns = ["Seconds", "SamplesPerSecond"];

    /// <summary>Runs the built program as a child process that kills itself at <paramref name="killAt"/>.</summary>
    private static int Child(string killAt, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dynalay.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment[KillPoint.Variable] = killAt;
        using var child = Process.Start(start)!;
        child.StandardOutput.ReadToEndAsync();
        child.StandardError.ReadToEndAsync();
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(3)), "the child process did not end");
        return child.ExitCode;
    }

    private static void Ok(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.True(code == 0, err);
    }

    private static readonly Lazy<string> SharedNetwork = new(() =>
    {
        string run = Path.Combine(CliRunner.TempDir(), "pre");
        Ok("pretrain", "--out", run, "--synthetic-train", "60", "--synthetic-test", "24", "--batch", "12", "--threads", "1", "--quiet");
        return run;
    });

    /// <summary>One pretrained network for every training test here (runs only read it, and its tables are built once).</summary>
    private static string Pretrained() => SharedNetwork.Value;

    private static void AssertSameRun(string expected, string actual, params string[] files)
    {
        foreach (var file in files)
        {
            string e = Path.Combine(expected, file), a = Path.Combine(actual, file);
            Assert.True(File.Exists(a), $"{file} is missing from the resumed run");
            if (file.EndsWith("metrics.csv", StringComparison.Ordinal))
                Assert.Equal(WithoutTiming(e), WithoutTiming(a));
            else
                Assert.True(File.ReadAllBytes(e).AsSpan().SequenceEqual(File.ReadAllBytes(a)), $"{file} differs from the run never stopped");
        }
    }

    private static List<string> WithoutTiming(string csv)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var keep = Enumerable.Range(0, header.Length).Where(i => !TimingColumns.Contains(header[i])).ToArray();
        return lines.Select(l => string.Join(',', keep.Select(i => l.Split(',')[i]))).ToList();
    }

    private static readonly string[] TrainFiles =
        ["metrics.csv", EpisodeLog.FileName, EvalTable.FileName, AgentTrainer.AgentCheckpoint, AgentTrainer.BestAgentCheckpoint];

    [Theory]
    [InlineData("dqn", "train-batch:3")]                  // in the first epoch, before any state
    [InlineData("dqn", "epoch-logged:2")]                 // epoch 2 logged, its checkpoints not yet written
    [InlineData("reinforce", "agent-saved:2")]            // agent.pt of epoch 2 written, its state not
    [InlineData("ppo", "best-saved:1")]                   // agent-best.pt written, the state not
    [InlineData("reinforce", "eval-batch:4")]             // during epoch 1's validation pass
    [InlineData("random", "state-saved:1")]               // between epochs; a baseline's random stream
    [InlineData("reinforce-loo", "train-batch:3")]        // a group learner: every batch reset with repeats
    public void ATrainingRunKilledAnywhereResumesToTheSameBytes(string agent, string killAt)
    {
        string pre = Pretrained();
        string root = CliRunner.TempDir(), reference = Path.Combine(root, "never-stopped"), killed = Path.Combine(root, "killed");
        string[] args = ["train", "--agent", agent, "--from", pre, "--epochs", "2", .. Tiny];
        Ok([.. args, "--out", reference]);

        Assert.NotEqual(0, Child(killAt, [.. args, "--out", killed]));
        Assert.False(File.Exists(Path.Combine(killed, EvalTable.FileName)));
        Ok("train", "--resume", "--out", killed, "--threads", "1", "--quiet");
        AssertSameRun(reference, killed, agent == "random" ? TrainFiles[..4] : TrainFiles);
    }

    [Fact]
    public void ARunKilledTwiceAndResumedTwiceEndsLikeOneNeverStopped()
    {
        string pre = Pretrained();
        string root = CliRunner.TempDir(), reference = Path.Combine(root, "never-stopped"), killed = Path.Combine(root, "killed");
        string[] args = ["train", "--agent", "dqn", "--from", pre, "--epochs", "3", .. Tiny];
        Ok([.. args, "--out", reference]);
        Assert.NotEqual(0, Child("state-saved:2", [.. args, "--out", killed]));
        Assert.NotEqual(0, Child("eval-batch:3", "train", "--resume", "--out", killed, "--threads", "1", "--quiet"));
        Ok("train", "--resume", "--out", killed, "--threads", "1", "--quiet");
        AssertSameRun(reference, killed, TrainFiles);
        Assert.Equal(0, CliRunner.Run("replay", killed, "--verify", "--threads", "1").Code);
    }

    [Fact]
    public void JointTrainingKilledBetweenCheckpointsResumesToTheSameNetwork()
    {
        string pre = Pretrained();
        string root = CliRunner.TempDir(), reference = Path.Combine(root, "never-stopped"), killed = Path.Combine(root, "killed");
        string[] args = ["train", "--agent", "agentnet", "--train-main", "joint", "--from", pre, "--epochs", "2", .. Tiny];
        Ok([.. args, "--out", reference]);
        Assert.NotEqual(0, Child("agent-saved:1", [.. args, "--out", killed]));
        Ok("train", "--resume", "--out", killed, "--threads", "1", "--quiet");
        AssertSameRun(reference, killed, "metrics.csv", EpisodeLog.FileName, EvalTable.FileName, AgentTrainer.AgentCheckpoint, AgentTrainer.JointCheckpoint);
    }

    [Theory]
    [InlineData("pretrain-batch:3")]
    [InlineData("pretrain-checkpoint:2")]
    [InlineData("pretrain-evaluated")]
    [InlineData("pretrain-batch:3", "paired", "separable")]   // the paired recipe's mode draws resume too
    public void APretrainingKilledAnywhereResumesToTheSameBytes(string killAt, string fpi = "random", string recurrence = "depthwise")
    {
        string root = CliRunner.TempDir(), reference = Path.Combine(root, "never-stopped"), killed = Path.Combine(root, "killed");
        string[] args = ["pretrain", "--epochs", "2", "--synthetic-train", "60", "--synthetic-test", "24", "--batch", "12", "--threads", "1", "--quiet",
                         "--fpi", fpi, "--recurrence", recurrence];
        Ok([.. args, "--out", reference]);
        Assert.NotEqual(0, Child(killAt, [.. args, "--out", killed]));

        // Unfinished: nothing may use its network.
        var (code, _, err) = CliRunner.Run("eval", "--run", killed);
        Assert.Equal(1, code);
        Assert.Contains($"pretrain --resume --out {killed}", err);
        var (fromCode, _, fromErr) = CliRunner.Run(["train", "--from", killed, "--out", Path.Combine(root, "agent"), .. Tiny]);
        Assert.Equal(1, fromCode);
        Assert.Contains("unfinished", fromErr);
        Assert.False(Directory.Exists(Path.Combine(root, "agent")));

        Ok("pretrain", "--resume", "--out", killed, "--threads", "1", "--quiet");
        AssertSameRun(reference, killed, "metrics.csv", MainRun.CheckpointFile, "eval-models.csv");
        Assert.False(File.Exists(Path.Combine(killed, MainRun.PretrainStateFile)));
    }

    [Fact]
    public void ATrainingRunKilledWhilePretrainingItsNetworkResumes()
    {
        string root = CliRunner.TempDir(), reference = Path.Combine(root, "never-stopped"), killed = Path.Combine(root, "killed");
        string[] args = ["train", "--agent", "reinforce", "--pretrain-epochs", "2", "--epochs", "2", .. Tiny];
        Ok([.. args, "--out", reference]);
        Assert.NotEqual(0, Child("pretrain-checkpoint:1", [.. args, "--out", killed]));
        Ok("train", "--resume", "--out", killed, "--threads", "1", "--quiet");
        AssertSameRun(reference, killed, TrainCommandFiles);
    }

    private static readonly string[] TrainCommandFiles =
        ["pretrain-metrics.csv", MainRun.CheckpointFile, .. TrainFiles];
}
