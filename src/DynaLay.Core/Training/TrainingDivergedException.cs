namespace DynaLay.Training;

/// <summary>A loss or a probability became NaN or infinite; training stopped and the last good checkpoint stays.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
