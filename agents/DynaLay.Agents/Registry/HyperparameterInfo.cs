namespace DynaLay.Agents;

/// <summary>One hyperparameter of an agent, for <c>--help</c>.</summary>
/// <param name="Key">Kebab-case name accepted by overrides (the PascalCase property name is accepted too).</param>
/// <param name="Type">C# type name, e.g. "double".</param>
/// <param name="Default">Default value, formatted with the invariant culture.</param>
/// <param name="Doc">What it does and where the default comes from.</param>
public sealed record HyperparameterInfo(string Key, string Property, string Type, string Default, string Doc);
