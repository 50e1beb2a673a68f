namespace DynaLay.Cli.CommandLine;

/// <summary>A command line the program cannot act on; the message says what to change.</summary>
public sealed class UsageException(string message) : Exception(message);
