using System.CommandLine;
using DynaLay.Agents.Logging;
using DynaLay.Agents.Training;
using DynaLay.Cli.CommandLine;
using DynaLay.Runs;
using DynaLay.Util;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay replay RUN: summaries and traces of logged episodes, and their re-execution (--verify).</summary>
public sealed class ReplayCommand : CliCommand
{
    public const string Summary = "summarise, trace (--show ID...) or re-execute (--verify) a run's logged episodes";

    private readonly Argument<string?> runArgument;
    private readonly Option<string?> runOption, showOption, dataDirOption;
    private readonly Option<bool> verifyOption;
    private readonly ComputeOptionSet compute;

    public ReplayCommand() : base("replay", Summary)
    {
        runArgument = new Argument<string?>("RUN") { Description = "the run directory", Arity = ArgumentArity.ZeroOrOne };
        Command.Add(runArgument);
        runOption = String("run", "the run directory (or give it as the first word)", "DIR");
        showOption = String("show", "episode ids to trace, comma-separated (e.g. --show 0,17,42)", "IDS");
        verifyOption = Flag("verify", "re-execute the logged episodes from the run's checkpoints with the logged actions");
        dataDirOption = String("data-dir", "read the data from here instead of the run's recorded directory", "DIR");
        compute = new ComputeOptionSet(this);
    }

    protected override int Run(Args a)
    {
        var (show, verify, dataDir) = (a.Get(showOption), a.Get(verifyOption), a.Get(dataDirOption));
        var device = compute.Apply(a);
        string run = a.Get(runOption) ?? a.Get(runArgument) ?? throw new UsageException("replay: give the run directory (dynalay replay runs/NAME).");
        if (!Directory.Exists(run)) throw new RunException($"Run directory {run} does not exist.");

        var rows = EpisodeReplay.Read(run);
        if (rows.Count == 0) throw new RunException($"{run}/{EpisodeLog.FileName} holds no episodes.");
        if (show is not null)
        {
            foreach (var id in show.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!long.TryParse(id, out long episode)) throw new UsageException($"replay: --show '{id}' is not an episode id.");
                Console.WriteLine(EpisodeReplay.Trace(rows, episode));
            }
            return 0;
        }
        Console.WriteLine($"{rows.Select(r => r.EpisodeId).Distinct().Count()} logged episodes, {rows.Count} steps, {run}:");
        Console.Write(EpisodeReplay.Summary(rows));
        if (!verify) return 0;

        using var opened = AgentRun.Open(run, dataDir, device);
        var replayable = rows;
        if (opened.Train.Joint)
        {
            // Joint runs checkpoint the main network once per epoch: only the last epoch's evaluation episodes were played by those weights.
            int last = rows.Max(r => r.Epoch);
            replayable = rows.Where(r => r.Split != "train" && r.Epoch == last).ToList();
            Console.WriteLine($"Joint training: verifying the {replayable.Select(r => r.EpisodeId).Distinct().Count()} evaluation episodes of epoch {last}, the ones the final checkpoint played.");
        }
        ProgressBar? bar = null;
        var result = EpisodeReplay.Verify(replayable, split => AgentRun.EnvFor(opened, split, device),
                                          progress: (done, total) => (bar ??= new ProgressBar("verify batches", total)).Report(done));
        bar?.Done();
        Console.WriteLine($"Reproduced {result.Reproduced} of {result.Checked} episodes (same prediction, every reward within 1e-5).");
        foreach (var d in result.Differences) Console.WriteLine($"  {d}");
        return result.Reproduced == result.Checked ? 0 : 3;
    }
}
