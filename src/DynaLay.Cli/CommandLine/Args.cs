using System.CommandLine;
using System.CommandLine.Parsing;

namespace DynaLay.Cli.CommandLine;

/// <summary>
/// One command's parsed options: typed values (<see cref="Get{T}"/>), whether the user wrote an option at all,
/// the words as given (what a run records) and the comparison --resume makes with a run's recorded words.
/// </summary>
public sealed class Args
{
    private readonly CliCommand command;

    internal Args(CliCommand command, ParseResult result)
    {
        this.command = command;
        Result = result;
        // The words after the command's own name (and its parent's, for data's verbs).
        Raw = result.Tokens.SkipWhile(t => t.Type is TokenType.Command or TokenType.Directive).Select(t => t.Value).ToList();
    }

    public ParseResult Result { get; }
    public string Command => command.Name;

    /// <summary>The words after the command name, as given (what a run records to be compared on --resume).</summary>
    public IReadOnlyList<string> Raw { get; }

    public T Get<T>(Option<T> option) => Result.GetValue(option)!;

    public T? Get<T>(Argument<T> argument) => Result.GetValue(argument);

    /// <summary>Whether the user wrote the option at all (for options that only apply in some situations).</summary>
    public bool Given(Option option) => Result.GetResult(option) is { Implicit: false };

    /// <summary>The same command's words as a run recorded them, parsed; null when they no longer parse.</summary>
    public Args? Reparse(IReadOnlyList<string> words)
    {
        var result = command.Parse(words);
        return result.Errors.Count > 0 ? null : new Args(command, result);
    }

    /// <summary>
    /// The options given here (but not <paramref name="free"/>) whose value differs from the one
    /// <paramref name="original"/>, the same command's arguments when the run started, gave or defaulted to.
    /// </summary>
    public List<string> DifferencesFrom(Args original, params string[] free)
    {
        var before = command.Effective(original.Result).ToDictionary(e => e.Name, e => e.Value);
        return command.Effective(Result)
            .Where(e => e.Given && !free.Contains(e.Name) && e.Value != before.GetValueOrDefault(e.Name, ""))
            .Select(e => $"--{e.Name} {Show(e.Value)} (the run has {Show(before.GetValueOrDefault(e.Name, ""))})")
            .ToList();
    }

    private static string Show(string v) => v.Length == 0 ? "its default" : v;
}
