using DynaLay.Tests.Core.Data;

namespace DynaLay.Tests.Cli.Commands;

[Collection("cli")]
public class DataCommandTests
{
    [Fact]
    public void CheckPrintsTheClassNamesAndEachSplitsCountsPerClass()
    {
        using var dir = new TempDirectory();
        DataFiles.Cifar10(dir.Path, perBatch: 2, test: 3, names: [.. Enumerable.Range(0, 10).Select(i => $"kind{i}")]);

        var (code, output, err) = CliRunner.Run("data", "check", "--dataset", "cifar10", "--data-dir", dir.Path);

        Assert.True(code == 0, err + output);
        Assert.Contains("names from batches.meta.txt", output);
        // 10 training records, 1 carved out for validation with seed 0; the 3 test records are labels 0, 1, 2.
        var row = output.Split('\n').Single(l => l.StartsWith("    0  kind0", StringComparison.Ordinal));
        Assert.EndsWith("1  33.3%", row.TrimEnd());
    }
}
