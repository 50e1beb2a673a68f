namespace DynaLay.Data;

/// <summary>One labelled text before tokenisation; <see cref="Difficulty"/> is NaN when the dataset records none.</summary>
public sealed record TextDocument(string Text, long Label, float Difficulty = float.NaN);
