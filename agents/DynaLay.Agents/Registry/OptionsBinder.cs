using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace DynaLay.Agents;

/// <summary>
/// Sets hyperparameter records from "key=value" overrides by reflection, so a new hyperparameter needs
/// nothing but a property with a <see cref="DescriptionAttribute"/>.
/// </summary>
internal static class OptionsBinder
{
    public static T Bind<T>(string agent, IReadOnlyDictionary<string, string>? overrides) where T : new()
    {
        var options = new T();
        if (overrides is null || overrides.Count == 0) return options;
        var props = Properties(typeof(T));
        foreach (var (key, value) in overrides)
        {
            var prop = props.FirstOrDefault(p => Keys(p).Contains(Normalize(key)))
                ?? throw new ArgumentException($"Agent '{agent}' has no hyperparameter '{key}'. Valid keys: {ValidKeys(props)}.", nameof(overrides));
            object parsed;
            try
            {
                parsed = Parse(prop.PropertyType, value);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw new ArgumentException($"Hyperparameter '{key}' of agent '{agent}' must be a {TypeName(prop.PropertyType)}{EnumChoices(prop.PropertyType)}; got '{value}'.", nameof(overrides), e);
            }
            prop.SetValue(options, parsed);
        }
        return options;
    }

    public static IReadOnlyList<HyperparameterInfo> Describe(Type type)
    {
        var defaults = Activator.CreateInstance(type);
        return Properties(type).Select(p => new HyperparameterInfo(
            Kebab(p.Name), p.Name, TypeName(p.PropertyType), Format(p.GetValue(defaults)),
            p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "")).ToList();
    }

    public static string Kebab(string pascal)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(pascal[i - 1])) sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    // A record that extends a shared one (the REINFORCE variants') lists the shared properties first.
    private static PropertyInfo[] Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.Name != "EqualityContract")
            .OrderBy(p => Depth(p.DeclaringType)).ToArray();

    private static int Depth(Type? type)
    {
        int depth = 0;
        for (; type?.BaseType is not null; type = type.BaseType) depth++;
        return depth;
    }

    // "epsilon-start", "EpsilonStart" and "epsilon_start" all mean the same property.
    private static string Normalize(string key) => key.Trim().Replace("-", "").Replace("_", "").ToLowerInvariant();

    private static IEnumerable<string> Keys(PropertyInfo p) =>
        p.GetCustomAttributes<AliasAttribute>().Select(a => Normalize(a.Name)).Append(Normalize(p.Name));

    private static string ValidKeys(PropertyInfo[] props) => props.Length == 0
        ? "(none: this agent has no hyperparameters)"
        : string.Join(", ", props.Select(p => Kebab(p.Name) + string.Concat(p.GetCustomAttributes<AliasAttribute>().Select(a => $" ({a.Name})"))));

    private static object Parse(Type type, string value)
    {
        var inv = CultureInfo.InvariantCulture;
        value = value.Trim();
        if (type == typeof(int)) return int.Parse(value, NumberStyles.Integer, inv);
        if (type == typeof(long)) return long.Parse(value, NumberStyles.Integer, inv);
        if (type == typeof(double))
        {
            double d = double.Parse(value, NumberStyles.Float, inv);
            return double.IsFinite(d) ? d : throw new FormatException("not a finite number");
        }
        if (type == typeof(bool)) return bool.Parse(value);
        if (type == typeof(string)) return value;
        if (type.IsEnum)
        {
            var name = Enum.GetNames(type).FirstOrDefault(n => Normalize(n) == Normalize(value))
                ?? throw new FormatException("not one of the choices");
            return Enum.Parse(type, name);
        }
        throw new ArgumentException($"Unsupported hyperparameter type {type.Name}.");
    }

    private static string TypeName(Type t) =>
        t == typeof(int) ? "int" : t == typeof(long) ? "long" : t == typeof(double) ? "double" : t == typeof(bool) ? "bool (true/false)" : t == typeof(string) ? "string" : t.Name;

    private static string EnumChoices(Type t) => t.IsEnum ? $" ({string.Join(", ", Enum.GetNames(t).Select(Kebab))})" : "";

    private static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Enum e => Kebab(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
