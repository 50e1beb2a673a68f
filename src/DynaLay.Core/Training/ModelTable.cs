using DynaLay.Logging;

namespace DynaLay.Training;

/// <summary>eval-models.csv: the test-split figures of each configuration of the main network (Models 0..L), one row each.</summary>
public static class ModelTable
{
    public const string FileName = "eval-models.csv";

    public static void Save(string runDir, IReadOnlyList<EvalResult> results, string fileName = FileName)
    {
        string[] header =
        [
            "configuration", "samples", "loss", "accuracy", "mean_compute",
            .. results[0].MeanIterations.Select((_, k) => $"mean_iterations_layer{k + 1}"),
            .. results[0].ConvergedShare.Select((_, k) => $"converged_share_layer{k + 1}"),
        ];
        CsvTable.Write(Path.Combine(runDir, fileName), header, results.Select(r => (IReadOnlyList<string>)
        [
            r.Configuration, CsvTable.Number(r.Samples), CsvTable.Number(r.Loss), CsvTable.Number(r.Accuracy), CsvTable.Number(r.MeanCompute),
            .. r.MeanIterations.Select(i => CsvTable.Number(i)),
            .. r.ConvergedShare.Select(c => double.IsNaN(c) ? "" : CsvTable.Number(c)),
        ]));
    }
}
