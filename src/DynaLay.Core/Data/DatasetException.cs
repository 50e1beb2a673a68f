namespace DynaLay.Data;

/// <summary>
/// A dataset could not be loaded. The message names the file, the problem and the way out, because it is
/// shown to the user as it is.
/// </summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message)
        : base(message)
    {
    }

    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
