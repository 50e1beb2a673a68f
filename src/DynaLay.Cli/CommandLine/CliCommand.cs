using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace DynaLay.Cli.CommandLine;

/// <summary>
/// One dynalay command on System.CommandLine: its options are typed fields declared in its constructor with the
/// project's conventions (defaults from the options records, ranges checked with the option's name in the error,
/// choices completed by the shell), and <see cref="Run"/> reads them through <see cref="Args"/>.
/// </summary>
public abstract class CliCommand
{
    private readonly List<(Option Option, Func<ParseResult, string> Effective)> options = [];

    protected CliCommand(string name, string summary)
    {
        Command = new Command(name, summary);
        Command.SetAction(result => Run(new Args(this, result)));
    }

    public Command Command { get; }
    public string Name => Command.Name;

    /// <summary>What the command does with its parsed options; returns the exit code.</summary>
    protected abstract int Run(Args a);

    /// <summary>Each option's value as given or defaulted, invariant text (what --resume compares).</summary>
    internal IEnumerable<(string Name, string Value, bool Given)> Effective(ParseResult result) =>
        options.Select(o => (o.Option.Name[2..], o.Effective(result), result.GetResult(o.Option) is { Implicit: false }));

    /// <summary>Runs the command on its words in this process (compare runs its cells so); a parse error is a <see cref="UsageException"/>.</summary>
    public int Invoke(IReadOnlyList<string> words)
    {
        var result = Parse(words);
        if (result.Errors.Count > 0) throw new UsageException($"{Name}: {result.Errors[0].Message}");
        return Run(new Args(this, result));
    }

    /// <summary>Parses this command's words (the command name not included), as a run recorded them.</summary>
    internal ParseResult Parse(IReadOnlyList<string> words) => Command.Parse(words.ToArray());

    internal Option<int> Int(string name, int fallback, int min, int max, string help) =>
        Add(new Option<int>("--" + name)
        {
            Description = $"{help} ({Range("integer", min, max)})",
            DefaultValueFactory = _ => fallback,
            CustomParser = r => ParseInt(r, name, min, max),
            HelpName = "N",
        });

    internal Option<int?> OptionalInt(string name, int min, int max, string help) =>
        Add(new Option<int?>("--" + name)
        {
            Description = $"{help} ({Range("integer", min, max)})",
            CustomParser = r => ParseInt(r, name, min, max),
            HelpName = "N",
        });

    internal Option<double> Double(string name, double fallback, double min, double max, string help) =>
        Add(new Option<double>("--" + name)
        {
            Description = $"{help} ({Range("number", min, max)})",
            DefaultValueFactory = _ => fallback,
            CustomParser = r => ParseDouble(r, name, min, max),
            HelpName = "X",
        });

    internal Option<double?> OptionalDouble(string name, double min, double max, string help) =>
        Add(new Option<double?>("--" + name)
        {
            Description = $"{help} ({Range("number", min, max)})",
            CustomParser = r => ParseDouble(r, name, min, max),
            HelpName = "X",
        });

    internal Option<string> String(string name, string fallback, string help, string helpName = "TEXT") =>
        NotEmpty(Add(new Option<string>("--" + name) { Description = help, DefaultValueFactory = _ => fallback, HelpName = helpName }));

    /// <summary>A text option without a default: null when not given.</summary>
    internal Option<string?> String(string name, string help, string helpName = "TEXT") =>
        NotEmpty(Add(new Option<string?>("--" + name) { Description = help, HelpName = helpName }));

    /// <summary>A text option that must be given (help still works without it).</summary>
    internal Option<string> RequiredString(string name, string help, string helpName = "TEXT") =>
        NotEmpty(Add(new Option<string>("--" + name) { Description = help, Required = true, HelpName = helpName }));

    /// <summary>Refuses an empty value (`--out ""`), which no text option means, when the command line is parsed.</summary>
    private static Option<T> NotEmpty<T>(Option<T> option)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && string.IsNullOrWhiteSpace(r.Tokens[^1].Value))
                r.AddError($"{option.Name}: the value is empty; give one (see --help).");
        });
        return option;
    }

    internal Option<string> Choice(string name, string fallback, string[] choices, string help)
    {
        var option = Add(new Option<string>("--" + name)
        {
            Description = help,
            DefaultValueFactory = _ => fallback,
            CustomParser = r => ParseChoice(r, name, choices)!,
            HelpName = string.Join('|', choices),
        });
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>A choice among names, null when not given.</summary>
    internal Option<string?> OptionalChoice(string name, string[] choices, string help)
    {
        var option = Add(new Option<string?>("--" + name)
        {
            Description = help,
            CustomParser = r => ParseChoice(r, name, choices),
            HelpName = string.Join('|', choices),
        });
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>A switch: --NAME alone, or --NAME=true|false.</summary>
    internal Option<bool> Flag(string name, string help) =>
        Add(new Option<bool>("--" + name)
        {
            Description = help,
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = r => ParseFlag(r, name),
        });

    /// <summary>Adds an option built elsewhere (an option group shared by several commands).</summary>
    internal Option<T> Add<T>(Option<T> option)
    {
        Command.Add(option);
        options.Add((option, r => Format(r.GetValue(option))));
        return option;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Show(double x) => x.ToString(CultureInfo.InvariantCulture);

    private static string Range(string kind, double min, double max) => max >= int.MaxValue ? $"{kind} >= {Show(min)}" : $"{kind} {Show(min)}..{Show(max)}";

    private static string? Token(ArgumentResult r) => r.Tokens.Count == 0 ? null : r.Tokens[^1].Value;

    private static int ParseInt(ArgumentResult r, string name, int min, int max)
    {
        string? v = Token(r);
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int x))
        {
            r.AddError($"--{name} '{v}' is not an integer.");
            return 0;
        }
        if (x < min || x > max) r.AddError($"--{name} {x} is out of range: {Range("an integer", min, max)}.");
        return x;
    }

    private static double ParseDouble(ArgumentResult r, string name, double min, double max)
    {
        string? v = Token(r);
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
        {
            r.AddError($"--{name} '{v}' is not a number.");
            return 0;
        }
        if (x < min || x > max)
            r.AddError($"--{name} {Show(x)} is out of range: {Range("a number", min, max)}.");
        return x;
    }

    private static string? ParseChoice(ArgumentResult r, string name, string[] choices)
    {
        string? v = Token(r);
        if (v is null || !choices.Contains(v, StringComparer.OrdinalIgnoreCase))
        {
            r.AddError($"--{name} '{v}' is not one of {string.Join(", ", choices)}.");
            return null;
        }
        return v.ToLowerInvariant();
    }

    private static bool ParseFlag(ArgumentResult r, string name)
    {
        string? v = Token(r);
        switch (v?.ToLowerInvariant())
        {
            case null or "true" or "yes" or "1": return true;
            case "false" or "no" or "0": return false;
            default:
                r.AddError($"--{name} is a flag; give it alone or as --{name}=true|false.");
                return false;
        }
    }
}
