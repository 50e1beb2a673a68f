using DynaLay.Agents.Logging;
using DynaLay.Agents.Training;
using DynaLay.Logging;
using DynaLay.Runs;
using DynaLay.Training;

namespace DynaLay.Tests.Cli.Commands;

[Collection("cli")]
public class TrainReplayCommandTests
{
    private static readonly string[] Tiny =
        ["--synthetic-train", "60", "--synthetic-test", "24", "--batch", "12", "--threads", "1", "--log-episodes", "all"];

    private static string Pretrained()
    {
        string run = Path.Combine(CliRunner.TempDir(), "pre");
        var (code, _, err) = CliRunner.Run(["pretrain", "--out", run, "--synthetic-train", "60", "--synthetic-test", "24", "--batch", "12", "--threads", "1"]);
        Assert.True(code == 0, err);
        return run;
    }

    [Theory]
    [InlineData("reinforce")]
    [InlineData("dqn")]
    [InlineData("agentnet")]
    [InlineData("ppo")]
    public void TrainedRunReplaysExactly(string agent)
    {
        string pre = Pretrained();
        string run = Path.Combine(CliRunner.TempDir(), agent);
        var (code, output, err) = CliRunner.Run(["train", "--agent", agent, "--from", pre, "--out", run, "--epochs", "2", "--env", "table", .. Tiny]);
        Assert.True(code == 0, err);
        Assert.Contains("| oracle |", output);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(pre, "tables"), "*.table"));

        // The tabulated environment is the live one: same seed and threads, same bytes.
        string live = Path.Combine(CliRunner.TempDir(), agent + "-live");
        var (lcode, _, lerr) = CliRunner.Run(["train", "--agent", agent, "--from", pre, "--out", live, "--epochs", "2", "--env", "live", .. Tiny]);
        Assert.True(lcode == 0, lerr);
        foreach (var file in new[] { EpisodeLog.FileName, EvalTable.FileName })
            Assert.True(File.ReadAllBytes(Path.Combine(run, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(live, file))), $"{file} differs between --env table and --env live");

        // eval finds the run's tables again and writes the same table.
        var trained = File.ReadAllBytes(Path.Combine(run, EvalTable.FileName));
        var (ecode, _, eerr) = CliRunner.Run("eval", "--run", run, "--threads", "1");
        Assert.True(ecode == 0, eerr);
        Assert.True(trained.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(run, EvalTable.FileName))), "eval after train wrote another eval.csv");
        var metrics = CsvLog<TrainMetrics>.Read(Path.Combine(run, "metrics.csv"));
        Assert.Equal(["train", "validation", "train", "validation"], metrics.Select(m => m.Split));

        var (vcode, vout, verr) = CliRunner.Run("replay", run, "--verify", "--threads", "1");
        Assert.True(vcode == 0, vout + verr);
        var rows = EpisodeReplay.Read(run);
        int episodes = rows.Select(r => r.EpisodeId).Distinct().Count();
        Assert.Contains($"Reproduced {episodes} of {episodes} episodes", vout);

        var (scode, sout, _) = CliRunner.Run("replay", run, "--show", "0");
        Assert.Equal(0, scode);
        Assert.Contains("episode 0:", sout);
    }

    [Fact]
    public void TableWithJointTrainingIsAnErrorThatSaysWhy()
    {
        string pre = Pretrained();
        var (code, _, err) = CliRunner.Run(["train", "--agent", "reinforce", "--from", pre, "--out", Path.Combine(CliRunner.TempDir(), "joint"),
                                            "--train-main", "joint", "--select", "last", "--env", "table", .. Tiny]);
        Assert.NotEqual(0, code);
        Assert.Contains("--env live", err);
    }

    [Fact]
    public void ADamagedTableIsBuiltAgainNotUsed()
    {
        string pre = Pretrained();
        string first = Path.Combine(CliRunner.TempDir(), "first");
        Assert.Equal(0, CliRunner.Run(["train", "--agent", "reinforce", "--from", pre, "--out", first, "--epochs", "1", .. Tiny]).Code);
        foreach (var table in Directory.GetFiles(Path.Combine(pre, "tables"), "*.table"))
        {
            var bytes = File.ReadAllBytes(table);
            File.WriteAllBytes(table, bytes[..(bytes.Length - 7)]);
        }
        string second = Path.Combine(CliRunner.TempDir(), "second");
        var (code, _, err) = CliRunner.Run(["train", "--agent", "reinforce", "--from", pre, "--out", second, "--epochs", "1", .. Tiny]);
        Assert.True(code == 0, err);
        Assert.Contains("truncated or damaged", File.ReadAllText(Path.Combine(second, "log.txt")));
        Assert.True(File.ReadAllBytes(Path.Combine(first, EpisodeLog.FileName)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, EpisodeLog.FileName))));
    }

    [Fact]
    public void ARunEndsWithTheAgentOfItsBestValidationEpoch()
    {
        string pre = Pretrained();
        string run = Path.Combine(CliRunner.TempDir(), "best");
        var (code, _, err) = CliRunner.Run(["train", "--agent", "reinforce", "--from", pre, "--out", run, "--epochs", "3", .. Tiny]);
        Assert.True(code == 0, err);

        var validation = CsvLog<TrainMetrics>.Read(Path.Combine(run, "metrics.csv")).Where(m => m.Split == "validation").ToList();
        var state = TrainerState.Peek(run)!;
        var best = validation.MaxBy(m => m.MeanReward)!;
        Assert.Equal(validation.First(m => m.MeanReward == best.MeanReward).Epoch, state.BestEpoch);
        Assert.Equal(best.MeanReward, state.BestReward, 12);
        Assert.Equal(AgentTrainer.FinalCheckpoint(run), Path.Combine(run, AgentTrainer.BestAgentCheckpoint));

        var (joint, _, jointErr) = CliRunner.Run(["train", "--agent", "reinforce", "--from", pre, "--train-main", "joint", "--select", "best",
                                                  "--out", Path.Combine(CliRunner.TempDir(), "joint-best"), .. Tiny]);
        Assert.NotEqual(0, joint);
        Assert.Contains("--select last", jointErr);
    }

    [Theory]
    [InlineData("fixed:2")]
    [InlineData("threshold:1:0.5")]
    public void ABaselineRunCanBeEvaluatedAgain(string agent)
    {
        string pre = Pretrained();
        string run = Path.Combine(CliRunner.TempDir(), agent.Replace(':', '-'));
        var (code, _, err) = CliRunner.Run(["train", "--agent", agent, "--from", pre, "--out", run, "--epochs", "1", .. Tiny]);
        Assert.True(code == 0, err);

        var (ecode, eout, eerr) = CliRunner.Run("eval", "--run", run, "--threads", "1");
        Assert.True(ecode == 0, eerr);
        Assert.Contains($"| {agent} |", eout);
    }

    [Fact]
    public void JointTrainingReplaysItsFinalEvaluation()
    {
        string pre = Pretrained();
        string run = Path.Combine(CliRunner.TempDir(), "joint");
        var (code, _, err) = CliRunner.Run(["train", "--agent", "agentnet", "--train-main", "joint", "--from", pre, "--out", run, "--epochs", "1", .. Tiny]);
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(run, AgentTrainer.JointCheckpoint)));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(pre, "main.pt")), File.ReadAllBytes(Path.Combine(run, AgentTrainer.JointCheckpoint)));
        var (vcode, vout, verr) = CliRunner.Run("replay", run, "--verify", "--threads", "1");
        Assert.True(vcode == 0, vout + verr);
    }

    [Theory]
    [InlineData("Valid agents", "train", "--agent", "sac")]
    [InlineData("fixed", "train", "--agent", "fixed:9")]
    [InlineData("not key=value", "train", "--agent-options", "lr")]
    [InlineData("not one of all, eval, none, every:N", "train", "--log-episodes", "sometimes")]
    [InlineData("logged no episodes", "replay", "/tmp")]
    public void BadInputGetsAClearError(string expected, params string[] args)
    {
        string[] extra = args[0] == "train" ? ["--synthetic-train", "40", "--synthetic-test", "20", "--threads", "1"] : [];
        var (code, _, err) = CliRunner.Run([.. args, .. extra]);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AFailedStartLeavesNoRunDirectory()
    {
        string pre = Pretrained();
        string run = Path.Combine(CliRunner.TempDir(), "never");
        var (missing, _, missingErr) = CliRunner.Run("train", "--from", "/nonexistent/run", "--out", run);
        Assert.Equal(1, missing);
        Assert.Contains("does not exist", missingErr);
        var (other, _, otherErr) = CliRunner.Run("train", "--from", pre, "--dataset", "synthetic-text", "--out", run);
        Assert.Equal(1, other);
        Assert.Contains("was pretrained on 'synthetic'", otherErr);
        var (empty, _, emptyErr) = CliRunner.Run("train", "--limit", "5", "--synthetic-train", "60", "--synthetic-test", "24", "--threads", "1", "--out", run);
        Assert.Equal(1, empty);
        Assert.Contains("split", emptyErr);
        Assert.Contains("is empty", emptyErr);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void AnObservationWithExtrasTrainsEvaluatesAndReplays()
    {
        string pre = Pretrained();
        string run = Path.Combine(CliRunner.TempDir(), "extras");
        var (code, _, err) = CliRunner.Run(["train", "--agent", "reinforce", "--from", pre, "--observation", "spread,margin", "--epochs", "1", "--out", run, .. Tiny]);
        Assert.True(code == 0, err);

        var (evalCode, _, evalErr) = CliRunner.Run("eval", "--run", run, "--threads", "1");
        Assert.True(evalCode == 0, evalErr);
        var (replayCode, replayOut, replayErr) = CliRunner.Run("replay", run, "--verify", "--threads", "1");
        Assert.True(replayCode == 0, replayErr + replayOut);
    }

    [Fact]
    public void TrainWithoutFromPretrainsTextAsPretrainDoes()
    {
        string run = Path.Combine(CliRunner.TempDir(), "text");
        var (code, _, err) = CliRunner.Run(["train", "--agent", "nop", "--dataset", "synthetic-text", "--max-length", "12", "--epochs", "1", "--out", run, .. Tiny]);

        Assert.True(code == 0, err);
        var pretrain = RunConfig.Load(Path.Combine(run, MainRun.ConfigFile)).Get<PretrainOptions>("pretrain", run);
        var expected = PretrainOptions.DefaultsFor(DynaLay.Nets.NetworkKind.Text);
        Assert.Equal((expected.Epochs, expected.ClassWeights), (pretrain.Epochs, pretrain.ClassWeights));
    }

    /// <summary>A run killed during its first epoch has no trainer state yet; resuming it must not log that epoch twice.</summary>
    [Fact]
    public void ResumingARunKilledInItsFirstEpochLogsEachEpisodeOnce()
    {
        string pre = Pretrained();
        string run = Path.Combine(CliRunner.TempDir(), "first-epoch");
        Assert.Equal(0, CliRunner.Run(["train", "--agent", "reinforce", "--from", pre, "--out", run, "--epochs", "1", .. Tiny]).Code);
        // What a kill after epoch 1's logs but before its trainer state leaves.
        File.Delete(Path.Combine(run, TrainerState.FileName));
        var (code, _, err) = CliRunner.Run("train", "--resume", "--out", run, "--threads", "1", "--quiet");
        Assert.True(code == 0, err);
        var metrics = CsvLog<TrainMetrics>.Read(Path.Combine(run, "metrics.csv"));
        Assert.Equal(["train", "validation"], metrics.Select(m => m.Split));
        var rows = EpisodeReplay.Read(run);
        Assert.Equal(rows.Count, rows.Select(r => (r.EpisodeId, r.Step)).Distinct().Count());
        Assert.Equal(rows.Count, rows.Select(r => (r.Split, r.Epoch, r.SampleIndex, r.Step)).Distinct().Count());
    }

    [Fact]
    public void AnEpisodeLogOfAnotherFormatIsRejected()
    {
        string dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "episodes.csv"), "EpisodeId,Step,Action\n0,1,0\n");
        var (code, _, err) = CliRunner.Run("replay", dir);
        Assert.Equal(1, code);
        Assert.Contains("another version of the episode log format", err);
    }
}
