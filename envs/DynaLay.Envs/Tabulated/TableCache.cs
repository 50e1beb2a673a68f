using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Fpi;
using DynaLay.Nets;
using DynaLay.Runs;
using DynaLay.Util;
using Serilog;
using static TorchSharp.torch;

namespace DynaLay.Envs.Tabulated;

/// <summary>
/// Mode-set tables kept in a pretrained run's directory (<c>tables/</c>), one file per split and key. The key
/// names the checkpoint's SHA-256, the split (name, size, labels) and the solver settings, so a table is used
/// only for the network and data it was built from; a damaged file is reported and built again.
/// </summary>
public static class TableCache
{
    public const string Folder = "tables";

    public static string Key(string checkpointPath, DataSplit split, FpiOptions solver, ObservationExtras extras = ObservationExtras.None)
    {
        string checkpoint = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(checkpointPath)));
        string labels = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(split.Labels.AsSpan())))[..16];
        // Picard tables keep the keys they had before the solver could be chosen; so do tables without observation extras.
        string method = solver.Solver == FpiSolverKind.Picard ? "" : string.Create(CultureInfo.InvariantCulture,
            $";solver={solver.Solver};m={solver.AndersonM};beta={solver.AndersonBeta:R};lambda={solver.AndersonLambda:R}");
        string key = string.Create(CultureInfo.InvariantCulture,
            $"checkpoint={checkpoint};split={split.Name};samples={split.Count};labels={labels};" +
            $"tol={solver.Tolerance:R};max-iter={solver.MaxIterations};eps={solver.Eps:R};fixed={solver.FixedIterations?.ToString() ?? "-"}") + method;
        return extras == ObservationExtras.None ? key : key + ";observation=" + ObservationExtrasText.Format(extras);
    }

    public static string PathFor(string dir, DataSplit split, string key) =>
        Path.Combine(dir, Folder, $"{split.Name}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12].ToLowerInvariant()}.table");

    /// <summary>The split's table for the network in <paramref name="dir"/>: loaded when cached, else built and saved.</summary>
    public static ModeSetTable Open(string dir, string checkpointPath, MainNetwork network, DataSplit split, FpiOptions solver,
                                    Device device, ILogger log, bool progress = true, ObservationExtras extras = ObservationExtras.None)
    {
        string key = Key(checkpointPath, split, solver, extras);
        string path = PathFor(dir, split, key);
        if (File.Exists(path))
        {
            try
            {
                var cached = ModeSetTable.Load(path);
                if (cached.Key == key) return cached;
                log.Warning("{Path} was built for another network, split or solver; building it again", path);
            }
            catch (RunException e)
            {
                log.Warning("{Problem} Building it again.", e.Message);
            }
        }
        var clock = Stopwatch.StartNew();
        var bar = new ProgressBar($"table {split.Name} ({split.Count} samples x {1 << network.NumLayers} mode sets)", split.Count, progress);
        var table = ModeSetTableBuilder.Build(network, split, solver, key, device, progress: bar, extras: extras);
        table.Save(path);
        log.Information("Tabulated the {Split} split: {Samples} samples in {Seconds:F1} s, {Bytes:F1} kB per sample, {Path}",
                        split.Name, split.Count, clock.Elapsed.TotalSeconds, table.BytesPerSample / 1024.0, path);
        return table;
    }
}
