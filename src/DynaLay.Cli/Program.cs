using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using DynaLay.Cli.CommandLine;
using DynaLay.Cli.Commands;
using DynaLay.Data;
using DynaLay.Runs;
using DynaLay.Training;

namespace DynaLay.Cli;

public static class Program
{
    public static int Main(string[] argv)
    {
        var root = CreateRoot();
        if (argv is ["help", .. var rest]) argv = [.. rest, "--help"];
        if (argv.Length == 0)
        {
            root.Parse("--help").Invoke();
            return 2;
        }
        if (!argv[0].StartsWith('-') && !argv[0].StartsWith('[') && root.Subcommands.All(c => c.Name != argv[0]))
        {
            Console.Error.WriteLine($"dynalay: unknown command '{argv[0]}'. Commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))}.");
            return 2;
        }
        var result = root.Parse(argv);
        string name = CommandPath(result.CommandResult.Command, root);
        if (result.Action is ParseErrorAction)
        {
            // Unknown words are reported once each in the project's words; the parser's own messages for the rest.
            var unknown = result.UnmatchedTokens.ToHashSet();
            foreach (var token in result.UnmatchedTokens)
                Console.Error.WriteLine($"dynalay {name}: error: {(token.StartsWith('-') ? $"unknown option {token}" : $"unexpected word '{token}'")}.");
            foreach (var error in result.Errors.Where(e => !unknown.Any(u => e.Message.Contains($"'{u}'", StringComparison.Ordinal))))
                Console.Error.WriteLine($"dynalay {name}: error: {error.Message}");
            Console.Error.WriteLine($"`dynalay {name} --help` lists the options.");
            return 2;
        }
        Util.NativeMemory.Configure();
        Util.NativeIsa.Configure();
        Util.GcSafety.Configure();
        try
        {
            return result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UsageException or DatasetException or RunException or TrainingDivergedException or Agents.AgentDivergedException or InvalidDataException
                                  || (e is ArgumentException && ThrownByOwnCheck(e)))
        {
            string message = e is ArgumentException { ParamName: { } p } ? e.Message.Replace($" (Parameter '{p}')", "") : e.Message;
            Console.Error.WriteLine($"dynalay {name}: error: {message}");
            return e is UsageException or ArgumentException ? 2 : 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"dynalay {name}: error: {e.Message} Check the path, its permissions and the free disk space; a run that was going continues with --resume.");
            return 1;
        }
        catch (Exception e)
        {
            string log = CrashLog.Write(name, argv, e);
            Console.Error.WriteLine($"dynalay {name}: internal error ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}). " +
                                    $"The trace is in {log}. A run that was going continues with --resume.");
            return CrashLog.ExitCode;
        }
    }

    /// <summary>
    /// Whether an ArgumentException comes from one of the project's own checks of what the user gave (an option
    /// record's Validate, a name lookup): a usage error, reported in one line. Thrown inside the runtime or
    /// TorchSharp (an index out of range, a tensor shape) it is a bug, and gets the crash log with its trace.
    /// </summary>
    public static bool ThrownByOwnCheck(Exception e) =>
        e.TargetSite?.DeclaringType?.Assembly.GetName().Name is string assembly && assembly.StartsWith("DynaLay", StringComparison.OrdinalIgnoreCase);

    /// <summary>"train", "data check": the words that name a command after the program's name.</summary>
    private static string CommandPath(Command command, RootCommand root)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null && c != root; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, c.Name);
        return string.Join(' ', names);
    }

    /// <summary>Every command, with the help of train and bench extended by their agents and workloads.</summary>
    public static RootCommand CreateRoot()
    {
        var train = new TrainCommand();
        var bench = new BenchCommand();
        var root = new RootCommand("DynaLay.NET: dynamic layer selection as a reinforcement-learning gym. `dynalay COMMAND --help` lists a command's options.")
        {
            new PretrainCommand().Command,
            train.Command,
            new EvalCommand().Command,
            new ReplayCommand().Command,
            new CompareCommand().Command,
            DataCommand.Create(),
            bench.Command,
            CompletionCommand.Create(),
        };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithEpilogue((HelpAction)help.Action!, new()
        {
            [train.Command] = () => TrainCommand.HelpEpilogue,
            [bench.Command] = () => bench.HelpEpilogue,
        });
        return root;
    }
}
