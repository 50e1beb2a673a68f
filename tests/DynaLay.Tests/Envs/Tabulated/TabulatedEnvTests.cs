using DynaLay.Envs.LayerSelection;
using DynaLay.Envs.Tabulated;
using DynaLay.Fpi;
using DynaLay.Tests.Envs.LayerSelection;
using static TorchSharp.torch;

namespace DynaLay.Tests.Envs.Tabulated;

public class TabulatedEnvTests
{
    private static ModeSetTable Table(string kind, out LayerSelectionEnv live, int batch, FpiOptions? solver = null,
                                      ObservationExtras extras = ObservationExtras.None)
    {
        var (data, network) = TinyWorld.Make(kind);
        var options = new LayerSelectionOptions { BatchSize = batch, Solver = solver ?? new FpiOptions(), Observation = extras };
        live = new LayerSelectionEnv(network, data.Test, options, seed: 3);
        return ModeSetTableBuilder.Build(network, data.Test, options.Solver, "test", CPU, chunk: 13, extras: extras);
    }

    /// <summary>
    /// Image networks agree to the bit. Text networks agree within 1e-5: the LSTM's matrix products round
    /// differently with the number of rows they are given (the BLAS picks its kernel by shape), and the live
    /// environment gives them whichever samples chose the same action.
    /// </summary>
    [Theory]
    [InlineData("image", 0.0, ObservationExtras.None)]
    [InlineData("text", 1e-5, ObservationExtras.None)]
    [InlineData("image", 0.0, ObservationExtras.Spread | ObservationExtras.Margin)]
    [InlineData("text", 1e-5, ObservationExtras.Spread | ObservationExtras.Margin)]
    [InlineData("image", 0.0, ObservationExtras.Probe)]
    [InlineData("text", 1e-5, ObservationExtras.Spread | ObservationExtras.Probe | ObservationExtras.Margin)]
    public void TheTableStepsAsTheLiveEnvironment(string kind, double tolerance, ObservationExtras extras)
    {
        void Same(float[] expected, float[] actual)
        {
            if (tolerance == 0) { Assert.Equal(expected, actual); return; }
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"value {i}: {expected[i]} vs {actual[i]}");
        }
        void SameValue(object expected, object actual)
        {
            if (tolerance > 0 && expected is float[] e) Same(e, (float[])actual);
            else if (tolerance > 0 && expected is double d) Assert.Equal(d, (double)actual, tolerance);
            else Assert.Equal(expected, actual);
        }
        var table = Table(kind, out var live, batch: 7, extras: extras);
        using var _ = live;
        Assert.Equal(live.Layout.Size, ((DynaLay.Envs.Gym.Box)live.SingleObservationSpace).Shape[0]);
        Assert.Equal(live.Layout.Size, live.Layout.Names().Count());
        using var tabulated = new LayerSelectionEnv(new TableBackend(table, live.Split), live.Split, live.Options, seed: 3);
        var random = new Random(11);
        int steps = 0;
        for (int b = 0; b < 6; b++)
        {
            var obsLive = live.ResetBatch();
            var obsTable = tabulated.ResetBatch();
            Assert.Equal(live.SampleIndices, tabulated.SampleIndices);
            Same(obsLive, obsTable);
            Assert.All(obsLive.Chunk(live.Layout.Size), o => Assert.True(live.SingleObservationSpace.Contains(o)));
            while (!live.AllDone)
            {
                // Redundant picks and NOPs included: every action from every state.
                var actions = Enumerable.Range(0, live.BatchCount)
                    .Select(i => live.Done(i) ? LayerSelectionEnv.NoAction : random.Next(live.NumLayers + 1)).ToArray();
                var a = live.Step(actions);
                var t = tabulated.Step(actions);
                for (int i = 0; i < live.BatchCount; i++) SameValue(a.Rewards[i], t.Rewards[i]);
                Assert.Equal(a.Terminated, t.Terminated);
                Assert.Equal(a.Truncated, t.Truncated);
                for (int i = 0; i < live.BatchCount; i++)
                {
                    Same(a.Observations[i], t.Observations[i]);
                    foreach (var (key, value) in a.Infos[i]) SameValue(value, t.Infos[i][key]);
                }
                steps++;
            }
            Assert.True(tabulated.AllDone);
        }
        Assert.True(steps > 10);
    }

    [Fact]
    public void TheOracleLooksAheadTheSameThroughTheTable()
    {
        var table = Table("image", out var live, batch: 16);
        using var _ = live;
        var (p1, i1) = live.Backend.Lookahead([0, 5, 9, 30]);
        var (p2, i2) = new TableBackend(table, live.Split).Lookahead([0, 5, 9, 30]);
        Assert.Equal(p1, p2);
        Assert.Equal(i1, i2);
    }

    [Fact]
    public void ATableSurvivesItsFileAndADamagedFileIsRefused()
    {
        using var dir = new Core.Data.TempDirectory();
        var table = Table("image", out var live, batch: 4);
        live.Dispose();
        string path = Path.Combine(dir.Path, "t.table");
        table.Save(path);
        var back = ModeSetTable.Load(path);
        Assert.Equal(table.Key, back.Key);
        Assert.Equal(table.Features, back.Features);
        Assert.Equal(table.Iterations, back.Iterations);
        Assert.Equal(table.Residual, back.Residual);
        Assert.Equal(table.Converged, back.Converged);
        Assert.Equal(table.Predictions, back.Predictions);

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var cut = Assert.Throws<Runs.RunException>(() => ModeSetTable.Load(path));
        Assert.Contains("truncated or damaged", cut.Message);
        Assert.Contains(path, cut.Message);
    }
}
