using System.Globalization;

namespace DynaLay.Cli.CommandLine;

/// <summary>
/// Parsed "--name value" / "--flag" options and positional words of one command. Every option a
/// command reads is declared as it is read (with its help text), so an option the command never asked
/// for is reported as unknown, with the valid ones listed.
/// </summary>
public sealed class Args
{
    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Help)> declared = [];
    private readonly Dictionary<string, string> effective = new(StringComparer.Ordinal);

    public Args(string command, IEnumerable<string> argv)
    {
        Command = command;
        var list = argv.ToList();
        Raw = list;
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                string name = a[2..];
                string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal)) value = list[++i];
                if (!values.TryAdd(name, value)) throw new UsageException($"{command}: --{name} given twice.");
            }
            else Positional.Add(a);
        }
    }

    public string Command { get; }

    /// <summary>The words after the command name, as given (what a run records to be compared on --resume).</summary>
    public IReadOnlyList<string> Raw { get; }
    public List<string> Positional { get; } = [];
    public bool HelpRequested => values.ContainsKey("help");

    /// <summary>Whether the user wrote --NAME at all (for options that only apply in some situations).</summary>
    public bool Given(string name) => values.ContainsKey(name);

    public string? String(string name, string help)
    {
        Declare(name, help);
        if (!values.TryGetValue(name, out var v)) return Record<string?>(name, null);
        return Record(name, v ?? throw new UsageException($"{Command}: --{name} needs a value ({help})."));
    }

    public string String(string name, string fallback, string help) => Record(name, String(name, help) ?? fallback);

    public string Choice(string name, string fallback, string[] choices, string help) => OptionalChoice(name, choices, help) ?? fallback;

    /// <summary>A choice among names, or null when the option is not given.</summary>
    public string? OptionalChoice(string name, string[] choices, string help)
    {
        string? v = String(name, $"{help}; one of {string.Join("|", choices)}");
        if (v is null) return null;
        if (!choices.Contains(v, StringComparer.OrdinalIgnoreCase))
            throw new UsageException($"{Command}: --{name} '{v}' is not one of {string.Join(", ", choices)}.");
        return Record(name, v.ToLowerInvariant());
    }

    public bool Flag(string name, string help)
    {
        Declare(name, help);
        if (!values.TryGetValue(name, out var v)) return Record(name, false);
        if (v is null) return Record(name, true);
        return Record(name, v.ToLowerInvariant() switch
        {
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => throw new UsageException($"{Command}: --{name} is a flag; give it alone or as --{name}=true|false."),
        });
    }

    public int Int(string name, int fallback, int min, int max, string help)
    {
        string? v = String(name, $"{help} (integer {min}..{max}, default {fallback})");
        if (v is null) return Record(name, fallback);
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int x))
            throw new UsageException($"{Command}: --{name} '{v}' is not an integer.");
        if (x < min || x > max) throw new UsageException($"{Command}: --{name} {x} is out of range {min}..{max}.");
        return Record(name, x);
    }

    public int? OptionalInt(string name, int min, int max, string help)
    {
        string? v = String(name, $"{help} (integer {min}..{max})");
        if (v is null) return null;
        return Int(name, 0, min, max, help);
    }

    public double? OptionalDouble(string name, double min, double max, string help)
    {
        string? v = String(name, $"{help} (number {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)})");
        if (v is null) return null;
        return Double(name, 0, min, max, help);
    }

    public double Double(string name, double fallback, double min, double max, string help)
    {
        string? v = String(name, $"{help} (number {min}..{max}, default {fallback.ToString(CultureInfo.InvariantCulture)})");
        if (v is null) return Record(name, fallback);
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
            throw new UsageException($"{Command}: --{name} '{v}' is not a number.");
        if (x < min || x > max)
            throw new UsageException($"{Command}: --{name} {x.ToString(CultureInfo.InvariantCulture)} is out of range {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}.");
        return Record(name, x);
    }

    /// <summary>Call after every option has been read: fails on options the command does not know.</summary>
    public void EnsureAllUsed()
    {
        var unknown = values.Keys.Where(k => k != "help" && !used.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"{Command}: unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "--" + u))}. Valid options: {string.Join(", ", declared.Select(d => "--" + d.Name))}.");
    }

    /// <summary>
    /// The options given here (but not <paramref name="free"/>) whose value differs from the one
    /// <paramref name="original"/>, the same command's arguments when the run started, gave or defaulted to.
    /// </summary>
    public List<string> DifferencesFrom(Args original, params string[] free) =>
        values.Keys.Where(n => n != "help" && !free.Contains(n) && effective.ContainsKey(n))
              .Where(n => effective[n] != original.effective.GetValueOrDefault(n, ""))
              .Select(n => $"--{n} {Show(effective[n])} (the run has {Show(original.effective.GetValueOrDefault(n, ""))})")
              .ToList();

    private static string Show(string v) => v.Length == 0 ? "its default" : v;

    private T Record<T>(string name, T value)
    {
        effective[name] = value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return value;
    }

    public string Help() =>
        string.Join(Environment.NewLine, declared.Select(d => $"  --{d.Name,-16} {d.Help}"));

    private void Declare(string name, string help)
    {
        used.Add(name);
        if (!declared.Any(d => d.Name == name)) declared.Add((name, help));
    }
}
