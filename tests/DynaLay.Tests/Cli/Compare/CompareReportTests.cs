using DynaLay.Agents.Logging;
using DynaLay.Agents.Training;
using DynaLay.Cli.Compare;
using DynaLay.Tests.Cli.Commands;

namespace DynaLay.Tests.Cli.Compare;

public class CompareReportTests
{
    /// <summary>
    /// Compares with a golden file. DYNALAY_UPDATE_GOLDEN=1 rewrites the golden files from the actual
    /// output instead (review the diff before committing it).
    /// </summary>
    private static void AssertGolden(string name, string actual, [System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("DYNALAY_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(source)!, "Golden", name), actual);
            return;
        }
        string expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cli", "Compare", "Golden", name)).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }

    /// <summary>Two seeds of one learner and two baselines at one penalty, with round numbers.</summary>
    private static List<CompareCollector.Cell> Cells()
    {
        CellResult R(int seed, string agent, double acc, double compute, double reward) =>
            new($"c{seed}", "reinforce", seed, 0.1, agent, acc, compute, reward, [0.5, 0.25, 0.125, 0.125], 0.5, 1.0, 2.0);
        return new[] { 0, 1 }.Select(seed => new CompareCollector.Cell($"c{seed}", "reinforce", seed, 0.1,
            new List<CellResult>
            {
                R(seed, "reinforce", 0.90 + 0.02 * seed, 1.5, 0.30 + 0.02 * seed),
                R(seed, "nop", 0.85, 1.0, 0.20 + 0.01 * seed),
                R(seed, "all", 0.95, 9.0, -0.50),
                R(seed, "oracle", 0.99, 1.2, 0.40),
            }, [], "")).ToList();
    }

    [Fact]
    public void ConfidenceIntervalUsesStudentT()
    {
        var (mean, half) = CompareReport.MeanCi([1.0, 2.0, 3.0]);
        Assert.Equal(2.0, mean, 12);
        // sd 1, n 3: t(0.975, 2) = 4.302653 -> 4.302653 / sqrt(3).
        Assert.Equal(4.302652729911275 / Math.Sqrt(3), half, 6);
        Assert.True(double.IsNaN(CompareReport.MeanCi([5.0]).HalfWidth));
    }

    [Fact]
    public void PairedTTestGivesTheTwoSidedPValue()
    {
        var (diff, p) = CompareReport.PairedTTest([1.0, 2.0, 3.0]);
        Assert.Equal(2.0, diff, 12);
        // t = 2 / (1 / sqrt 3) = 3.4641 with 2 degrees of freedom: p = 0.07418.
        Assert.Equal(0.0741799, p, 5);
    }

    [Fact]
    public void ALearnerThatPlaysTheBaselineDoesNotDifferFromIt()
    {
        // The same policy's reward summed in another order: every difference -1.4e-17, no spread.
        var (diff, p) = CompareReport.PairedTTest([-1.4e-17, -1.4e-17, -1.4e-17, -1.4e-17, -1.4e-17]);
        Assert.Equal(0.0, diff);
        Assert.Equal(1.0, p);
        // A real, constant difference is still one.
        var (realDiff, realP) = CompareReport.PairedTTest([0.002, 0.002, 0.002]);
        Assert.Equal(0.002, realDiff, 12);
        Assert.Equal(0.0, realP);
    }

    [Fact]
    public void SummaryPicksTheBestBaselineAndHoldsTheFormat()
    {
        var rows = CompareReport.Summarise(Cells());
        var learner = rows.Single(r => r.Kind == "learner");
        Assert.Equal("nop", learner.BestBaseline);
        Assert.Equal(0.105, learner.RewardVsBest, 9);
        Assert.Equal(["reinforce", "nop", "all", "oracle"], rows.Select(r => r.Agent));

        string dir = CliRunner.TempDir();
        CompareReport.WriteCsv(Path.Combine(dir, "summary.csv"), rows);
        AssertGolden("summary.csv", File.ReadAllText(Path.Combine(dir, "summary.csv")));
        AssertGolden("table.md", CompareReport.Table(rows));
    }

    [Fact]
    public void EpisodeLogAndEvalHeadersHoldTheirFormat()
    {
        AssertGolden("episodes-header.csv", EpisodeReplay.ExpectedHeader() + "\n");
        string dir = CliRunner.TempDir();
        EvalTable.Save(dir, [new AgentEvaluation("nop", "test", 2, 0.5, 1.0, 0.1, [1, 0, 0, 0], [0, 0, 0], [[2], [2], [2]], double.NaN, 1, 1, double.NaN, double.NaN)]);
        AssertGolden("eval.csv", File.ReadAllText(Path.Combine(dir, EvalTable.FileName)));
    }
}
