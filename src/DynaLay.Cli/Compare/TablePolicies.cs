using System.Globalization;
using DynaLay.Agents.Imitation;
using DynaLay.Agents.Training;
using DynaLay.Data;
using DynaLay.Envs.LayerSelection;
using DynaLay.Envs.Tabulated;
using DynaLay.Logging;
using DynaLay.Nets;
using DynaLay.Runs;

namespace DynaLay.Cli.Compare;

/// <summary>
/// The policies a comparison evaluates once per pretrained network and penalty, exactly, from the network's
/// tables rather than in every cell: the threshold rule's frontier (its best layer and threshold chosen on the
/// validation split, reported on the test split), the clairvoyant optimum (a ceiling: it sees the label) and
/// the imitation bound (a classifier trained to imitate the clairvoyant from the observation: what this
/// observation lets a learner reach). Written to <see cref="FileName"/> in the comparison's directory.
/// </summary>
public static class TablePolicies
{
    public const string FileName = "policies.csv";
    public const string Clairvoyant = "clairvoyant";
    public const string Imitation = "imitation";
    public const string CurveFileName = "threshold-curve.csv";

    /// <summary>The threshold rule's accuracy and compute over its whole grid of layers and thresholds on the test split (they do not depend on the penalty).</summary>
    public static IReadOnlyList<PolicySummary> Curve(EnvSource envs, DataSplit test, TrainOptions train) =>
        TableAnalysis.ThresholdFrontier(envs.TableOf(test)!, new PaperReward(train.Alpha, train.Beta, train.RedundancyPenalty), stepBudget: train.StepBudget);

    public static void WriteCurve(string path, IEnumerable<PolicySummary> curve) =>
        CsvTable.Write(path, ["policy", "accuracy", "mean_compute"], curve.Select(p => (IReadOnlyList<string>)[p.Name, F(p.Accuracy), F(p.MeanCompute)]));

    public static List<PolicySummary> ReadCurve(string path)
    {
        if (!File.Exists(path)) return [];
        var curve = new List<PolicySummary>();
        foreach (var (line, n) in File.ReadLines(path).Select((l, i) => (l, i + 1)).Skip(1).Where(p => p.l.Length > 0))
        {
            var f = line.Split(',');
            if (f.Length != 3 || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double accuracy)
                || !double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double compute))
                throw new RunException($"{path}, line {n}: expected policy,accuracy,mean_compute. Delete the file; compare writes it again.");
            curve.Add(new PolicySummary(f[0], double.NaN, accuracy, compute));
        }
        return curve;
    }

    public static List<CellResult> Evaluate(string pretrainDir, MainNetwork network, Dataset data, DataSplit agentTrain, EnvSource envs,
                                            double penalty, TrainOptions train)
    {
        var reward = new PaperReward(train.Alpha, penalty, train.RedundancyPenalty);
        var validation = envs.TableOf(data.Validation)!;
        var test = envs.TableOf(data.Test)!;
        var results = new List<CellResult>();
        CellResult Row(string agent, double accuracy, double compute, double ret, double[] freq) =>
            new(pretrainDir, agent, 0, penalty, agent, accuracy, compute, ret, freq, double.NaN, double.NaN, double.NaN);

        var chosen = TableAnalysis.ThresholdFrontier(validation, reward, stepBudget: train.StepBudget).MaxBy(p => p.MeanReturn)!;
        var parts = chosen.Name.Split(':');
        var rule = TableAnalysis.Threshold(test, reward, int.Parse(parts[1], CultureInfo.InvariantCulture),
                                           double.Parse(parts[2], CultureInfo.InvariantCulture), train.StepBudget);
        results.Add(Row(rule.Name, rule.Accuracy, rule.MeanCompute, rule.MeanReturn, []));

        var best = TableAnalysis.Clairvoyant(test, reward, train.StepBudget);
        results.Add(Row(Clairvoyant, best.Accuracy, best.MeanCompute, best.MeanReturn, best.ActionFrequencies));

        var trainTable = envs.TableOf(agentTrain)!;
        // The classifier is charged for its decisions like a learner of its shape.
        double flops = 2.0 * (network.NumLayers + 1) * new ImitationBound.Options().Hidden
                       + 2.0 * new ImitationBound.Options().Hidden * new ObservationLayout(trainTable.LayerWidths, trainTable.Extras).Size;
        var plans = TableAnalysis.Clairvoyant(trainTable, reward, train.StepBudget, flops).Actions;
        var options = new LayerSelectionOptions
        {
            BatchSize = train.BatchSize,
            StepBudget = train.StepBudget,
            Reward = reward,
            Shuffle = false,
            Solver = train.Solver,
            Observation = train.ObservationExtras,
            AgentFlopsPerDecision = flops,
        };
        using var trainEnv = envs.Create(agentTrain, options);
        using var testEnv = envs.Create(data.Test, options);
        // DAgger's rounds visit many states again: each state's values are searched once.
        var values = new Dictionary<(long, int, int), double[]>();
        var imitation = ImitationBound.Run(trainEnv, plans,
            (sample, set, step) => values.TryGetValue((sample, set, step), out var q) ? q
                : values[(sample, set, step)] = TableAnalysis.ActionValues(trainTable, reward, sample, set, step, train.StepBudget, flops),
            testEnv, new ImitationBound.Options(Seed: train.Seed));
        results.Add(Row(Imitation, imitation.Accuracy, imitation.MeanCompute, imitation.MeanReturn, imitation.ActionFrequencies));
        return results;
    }

    public static void Write(string path, IEnumerable<CellResult> rows) =>
        CsvTable.Write(path, ["network", "penalty", "agent", "accuracy", "mean_compute", "mean_reward", "action_frequencies"],
                       rows.Select(r => (IReadOnlyList<string>)[r.Cell, F(r.Penalty), r.Agent, F(r.Accuracy), F(r.Compute), F(r.Reward),
                                                                string.Join(";", r.ActionFrequencies.Select(F))]));

    public static List<CellResult> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var rows = new List<CellResult>();
        foreach (var (line, n) in File.ReadLines(path).Select((l, i) => (l, i + 1)).Skip(1).Where(p => p.l.Length > 0))
        {
            var f = line.Split(',');
            if (f.Length != 7) throw new RunException($"{path}, line {n}: expected 7 fields, found {f.Length}. Delete the file; compare writes it again.");
            double D(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                : throw new RunException($"{path}, line {n}: '{s}' is not a number. Delete the file; compare writes it again.");
            rows.Add(new CellResult(f[0], f[2], 0, D(f[1]), f[2], D(f[3]), D(f[4]), D(f[5]),
                                    f[6].Length == 0 ? [] : f[6].Split(';').Select(D).ToArray(), double.NaN, double.NaN, double.NaN));
        }
        return rows;
    }

    private static string F(double v) => CsvTable.Number(v);
}
