using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace DynaLay.Cli.CommandLine;

/// <summary>System.CommandLine's help, followed for some commands by a text of their own (train's agents, bench's workloads).</summary>
internal sealed class HelpWithEpilogue(HelpAction help, Dictionary<Command, Func<string>> epilogues) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        int code = help.Invoke(parseResult);
        if (epilogues.TryGetValue(parseResult.CommandResult.Command, out var epilogue))
            parseResult.InvocationConfiguration.Output.WriteLine(epilogue());
        return code;
    }
}
