using DynaLay.Tests.Cli.Commands;

namespace DynaLay.Tests.Cli.Compare;

[Collection("cli")]
public class CompareCommandTests
{
    private static readonly string[] Tiny =
        ["--seeds", "1", "--penalties", "0.05", "--agents", "reinforce", "--epochs", "1", "--synthetic-train", "60", "--synthetic-test", "30", "--threads", "1"];

    [Fact]
    public void RunsCellsWritesTheReportAndSkipsFinishedCells()
    {
        string dir = Path.Combine(CliRunner.TempDir(), "cmp");
        var (code, output, err) = CliRunner.Run(["compare", "--out", dir, .. Tiny]);
        Assert.True(code == 0, err);
        foreach (var f in new[] { "report.md", "summary.csv", "accuracy-vs-compute.png", "actions-vs-penalty-reinforce.png", "reward-curve-p0.05.png", "iterations-histogram.png" })
            Assert.True(File.Exists(Path.Combine(dir, f)), $"{f} missing");
        Assert.Contains("| 0.05 | reinforce | 1 |", output);
        Assert.Contains("oracle (ceiling)", output);
        Assert.Contains("clairvoyant (ceiling)", output);
        Assert.Contains("imitation (bound)", output);
        Assert.Contains("| 0.05 | threshold:", output);
        Assert.Contains("pretraining", File.ReadAllText(Path.Combine(dir, "report.md")));

        var cell = Directory.GetDirectories(Path.Combine(dir, "cells")).Single();
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(cell, "agent.pt"));
        var (again, againOut, _) = CliRunner.Run(["compare", "--out", dir, .. Tiny]);
        Assert.Equal(0, again);
        Assert.Contains("1 already finished", againOut);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(cell, "agent.pt")));

        // The report can be rebuilt from the run directories alone, wherever they were made.
        string elsewhere = Path.Combine(CliRunner.TempDir(), "report");
        var (collect, collectOut, collectErr) = CliRunner.Run("compare", "--collect", Path.Combine(dir, "cells"), "--out", elsewhere);
        Assert.True(collect == 0, collectErr);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "summary.csv")), File.ReadAllText(Path.Combine(elsewhere, "summary.csv")));
    }

    [Fact]
    public void PlanPrintsOneCommandPerCell()
    {
        var (code, output, _) = CliRunner.Run("compare", "--plan", "--seeds", "3", "--network-seeds", "2", "--penalties", "0.1,0.3", "--agents", "reinforce,dqn", "--out", "runs/x");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Count(l => l.StartsWith("dynalay pretrain", StringComparison.Ordinal)));
        Assert.Equal(12, lines.Count(l => l.StartsWith("dynalay train", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("--agent dqn") && l.Contains("--seed 1") && l.Contains("--penalty 0.3") && l.Contains("--out runs/x/cells/dqn-s1-p0.3")
                                    && l.Contains("--from runs/x/pretrain-s1"));
        // Agent seed 2 trains on network 2 mod 2 = 0.
        Assert.Contains(lines, l => l.Contains("--seed 2") && l.Contains("--from runs/x/pretrain-s0"));
    }

    [Fact]
    public void PlanPassesTheRecurrenceToPretrainingOnly()
    {
        var (code, output, _) = CliRunner.Run("compare", "--plan", "--seeds", "1", "--penalties", "0.3", "--agents", "dqn", "--recurrence", "depthwise", "--out", "runs/x");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("--recurrence depthwise", lines.Single(l => l.StartsWith("dynalay pretrain", StringComparison.Ordinal)));
        Assert.DoesNotContain("--recurrence", lines.Single(l => l.StartsWith("dynalay train", StringComparison.Ordinal)));
        var (bad, _, err) = CliRunner.Run("compare", "--plan", "--recurrence", "sparse");
        Assert.NotEqual(0, bad);
        Assert.Contains("recurrence", err);
    }

    [Theory]
    [InlineData("is a baseline", "--agents", "nop")]
    [InlineData("is not a penalty", "--penalties", "0.1,abc")]
    [InlineData("Valid agents", "--agents", "sac")]
    [InlineData("does not exist", "--collect", "/nonexistent/cells")]
    public void BadInputGetsAClearError(string expected, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(["compare", .. args]);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void AnUnknownObservationExtraIsRefusedBeforeAnythingIsWritten()
    {
        string dir = Path.Combine(CliRunner.TempDir(), "never");
        var (code, _, err) = CliRunner.Run("compare", "--observation", "spread,sparkle", "--out", dir);

        Assert.Equal(2, code);
        Assert.Contains("--observation: observation extra 'sparkle' is not one of none, spread, margin, probe.", err);
        Assert.False(Directory.Exists(dir));
    }

    [Theory]
    [InlineData("--channels", "8,16", "--channels: '8,16' is not three positive channel counts")]
    [InlineData("--pretrain-fpi", "sometimes", "--pretrain-fpi: 'sometimes' is not a layer list")]
    [InlineData("--text-feedback", "sideways", "--text-feedback")]
    public void ABadPretrainingRecipeIsRefusedBeforeAnythingIsWritten(string option, string value, string expected)
    {
        string dir = Path.Combine(CliRunner.TempDir(), "never");
        var (code, _, err) = CliRunner.Run("compare", option, value, "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void ThePretrainingRecipeReachesEveryPretrainCommand()
    {
        var (code, output, err) = CliRunner.Run("compare", "--plan", "--network-seeds", "2", "--recurrence", "separable", "--channels", "8,16,32", "--pretrain-fpi", "paired");
        Assert.True(code == 0, err);
        var pretrains = output.Split('\n').Where(l => l.Contains(" pretrain ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pretrains.Count);
        Assert.All(pretrains, l => Assert.Contains("--recurrence separable --channels 8,16,32 --fpi paired", l));

        (code, output, err) = CliRunner.Run("compare", "--plan", "--dataset", "synthetic-text", "--text-feedback", "bidirectional");
        Assert.True(code == 0, err);
        Assert.Contains("--text-feedback bidirectional", output.Split('\n').Single(l => l.Contains(" pretrain ", StringComparison.Ordinal)));
    }

    [Fact]
    public void CollectingADirectoryWithoutFinishedCellsSaysSo()
    {
        var (code, _, err) = CliRunner.Run("compare", "--collect", CliRunner.TempDir());
        Assert.Equal(1, code);
        Assert.Contains("holds no finished cells", err);
    }
}
