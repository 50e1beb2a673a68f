namespace DynaLay.Agents;

/// <summary>A short override key that also names the property (e.g. "lr" for LearningRate).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
internal sealed class AliasAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
