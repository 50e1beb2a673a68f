using DynaLay.Cli.CommandLine;
using DynaLay.Cli.Commands;
using DynaLay.Data;
using DynaLay.Runs;
using DynaLay.Training;

namespace DynaLay.Cli;

public static class Program
{
    private static readonly (string Name, string Summary, Func<Args, int> Run)[] Commands =
    [
        ("pretrain", PretrainCommand.Summary, PretrainCommand.Run),
        ("train", TrainCommand.Summary, TrainCommand.Run),
        ("eval", EvalCommand.Summary, EvalCommand.Run),
        ("replay", ReplayCommand.Summary, ReplayCommand.Run),
        ("compare", CompareCommand.Summary, CompareCommand.Run),
        ("data", DataCommand.Summary, DataCommand.Run),
        ("bench", BenchCommand.Summary, BenchCommand.Run),
    ];

    public static int Main(string[] argv)
    {
        if (argv.Length == 0 || argv[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine("usage: dynalay COMMAND [options]   (dynalay COMMAND --help lists a command's options)\n");
            foreach (var c in Commands) Console.WriteLine($"  {c.Name,-10} {c.Summary}");
            return argv.Length == 0 ? 2 : 0;
        }
        var command = Commands.FirstOrDefault(c => c.Name == argv[0]);
        if (command.Name is null)
        {
            Console.Error.WriteLine($"dynalay: unknown command '{argv[0]}'. Commands: {string.Join(", ", Commands.Select(c => c.Name))}.");
            return 2;
        }
        Util.NativeMemory.Configure();
        Util.NativeIsa.Configure();
        Util.GcSafety.Configure();
        try
        {
            return command.Run(new Args(command.Name, argv.Skip(1)));
        }
        catch (Exception e) when (e is UsageException or ArgumentException or DatasetException or RunException or TrainingDivergedException or Agents.AgentDivergedException or InvalidDataException)
        {
            string message = e is ArgumentException { ParamName: { } p } ? e.Message.Replace($" (Parameter '{p}')", "") : e.Message;
            Console.Error.WriteLine($"dynalay {command.Name}: error: {message}");
            return e is UsageException or ArgumentException ? 2 : 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"dynalay {command.Name}: error: {e.Message} Check the path, its permissions and the free disk space; a run that was going continues with --resume.");
            return 1;
        }
        catch (Exception e)
        {
            string log = CrashLog.Write(command.Name, argv, e);
            Console.Error.WriteLine($"dynalay {command.Name}: internal error ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}). " +
                                    $"The trace is in {log}. A run that was going continues with --resume.");
            return CrashLog.ExitCode;
        }
    }
}
