using DynaLay.Tests.Cli.Commands;

namespace DynaLay.Tests.Extension;

/// <summary>
/// An agent and a dataset registered from this test project's own files (<see cref="FirstActionBanditAgent"/>,
/// <see cref="StripesDataset"/>) reach every command without a line changed anywhere else.
/// </summary>
[Collection("cli")]
public class OneFileExtensionTests
{
    [Fact]
    public void ARegisteredAgentIsInTrainsHelpWithItsHyperparameters()
    {
        var (code, output, err) = CliRunner.Run("train", "--help");

        Assert.True(code == 0, err);
        Assert.Contains("first-action-bandit", output);
        Assert.Contains("step-size (double, default 0.1)", output);
    }

    [Fact]
    public void ARegisteredDatasetIsInDataListAndChecks()
    {
        var (code, output, err) = CliRunner.Run("data", "list");
        Assert.True(code == 0, err);
        Assert.Contains("stripes", output);

        (code, output, err) = CliRunner.Run("data", "check", "--dataset", "stripes", "--synthetic-train", "40", "--synthetic-test", "20");
        Assert.True(code == 0, err + output);
        Assert.Contains("vertical", output);
    }

    [Fact]
    public void CompareRunsTheRegisteredAgentOnTheRegisteredDataset()
    {
        string dir = CliRunner.TempDir();
        var (code, output, err) = CliRunner.Run("compare", "--out", dir, "--dataset", "stripes", "--agents", "first-action-bandit",
            "--seeds", "1", "--penalties", "0.05", "--epochs", "1", "--synthetic-train", "80", "--synthetic-test", "40", "--threads", "1");

        Assert.True(code == 0, err + output);
        Assert.Contains("first-action-bandit", File.ReadAllText(Path.Combine(dir, "report.md")));
    }
}
