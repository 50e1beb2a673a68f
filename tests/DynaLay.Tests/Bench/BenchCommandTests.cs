using System.Globalization;
using System.Text.Json;
using DynaLay.Bench;
using DynaLay.Cli.CommandLine;
using DynaLay.Cli.Commands;
using DynaLay.Tests.Core.Data;

namespace DynaLay.Tests.Bench;

public class BenchCommandTests
{
    // Tiny sizes: the test checks that every workload runs and writes its files, not how fast.
    private static readonly string[] Tiny =
    [
        "--steps", "2", "--warmup", "0", "--repeats", "1", "--batch", "4", "--fpi-iters", "2",
        "--seq-len", "8", "--vocab-size", "50", "--memory-steps", "20", "--memory-batch", "2", "--memory-threads", "0", "--quiet",
    ];

    [Theory]
    [InlineData("train-step")]
    [InlineData("eval-step")]
    [InlineData("env-step")]
    [InlineData("mix")]
    [InlineData("agent")]
    [InlineData("memory")]
    public void EachWorkloadWritesValidCsvAndJson(string workload)
    {
        using var dir = new TempDirectory();
        int code = new BenchCommand().Invoke(["--workload", workload, "--out", dir.Path, .. Tiny]);
        Assert.Equal(0, code);

        var lines = File.ReadAllLines(Path.Combine(dir.Path, BenchReport.CsvFile));
        Assert.Equal("workload,case,unit,median,min,max,repeats,steps,note", lines[0]);
        Assert.True(lines.Length > 1, "bench.csv has no rows");
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            Assert.Equal(workload, cells[0]);
            // Figures are invariant-culture numbers, or empty for a skipped workload.
            foreach (var figure in cells[3..6])
                Assert.True(figure.Length == 0 || double.TryParse(figure, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"'{figure}' in: {line}");
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, BenchReport.JsonFile)));
        var root = json.RootElement;
        Assert.True(root.GetProperty("machine").GetProperty("cores").GetInt32() > 0);
        Assert.Equal(lines.Length - 1, root.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public void UnknownWorkloadIsAnError()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => new BenchCommand().Invoke(["--workload", "nope", "--out", dir.Path, .. Tiny]));
    }

    [Fact]
    public void RatioPairsRepeats()
    {
        var r = Measurement.Ratio(new Measurement([2.0, 4.0, 9.0]), new Measurement([1.0, 4.0, 3.0]));
        Assert.Equal([2.0, 1.0, 3.0], r.Samples);
        Assert.Equal(2.0, r.Median);
        Assert.Equal(1.0, r.Min);
        Assert.Equal(3.0, r.Max);
    }
}
