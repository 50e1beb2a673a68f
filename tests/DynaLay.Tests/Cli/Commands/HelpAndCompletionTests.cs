using System.CommandLine;
using DynaLay.Cli;

namespace DynaLay.Tests.Cli.Commands;

[Collection("cli")]
public class HelpAndCompletionTests
{
    /// <summary>Every command and verb the program has, found by walking its command tree.</summary>
    public static TheoryData<string> EveryCommand()
    {
        var data = new TheoryData<string>();
        void Walk(Command c, string path)
        {
            foreach (var sub in c.Subcommands)
            {
                string p = (path + " " + sub.Name).Trim();
                data.Add(p);
                Walk(sub, p);
            }
        }
        Walk(Program.CreateRoot(), "");
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void HelpWorksForEveryCommandWithoutItsRequiredOptions(string command)
    {
        var (code, output, err) = CliRunner.Run([.. command.Split(' '), "--help"]);

        Assert.True(code == 0, err);
        Assert.Contains("Usage:", output);
        Assert.Matches($@"\n  \S+ {command} [\[<]", output);   // the usage line (the program is "testhost" here)
        Assert.Equal("", err);
    }

    [Fact]
    public void CompletionOffersOptionsAndTheValuesOfChoices()
    {
        string Suggest(string line) => CliRunner.Run($"[suggest:{line.Length}]", line).Out;

        Assert.Contains("--recurrence", Suggest("dynalay pretrain --rec"));
        Assert.Equal(["dense", "depthwise"], Suggest("dynalay train --recurrence d").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("fashion-mnist", Suggest("dynalay compare --dataset f"));
        Assert.Contains("dqn", Suggest("dynalay train --agent d"));
        var (code, script, _) = CliRunner.Run("completion", "bash");
        Assert.Equal(0, code);
        Assert.Contains("complete -o default -F _dynalay_complete dynalay", script);
    }

    [Fact]
    public void ARangeErrorNamesTheOptionAndItsRange()
    {
        var (code, _, err) = CliRunner.Run("train", "--penalty", "-1");

        Assert.Equal(2, code);
        Assert.Contains("--penalty -1 is out of range: a number 0..1000.", err);
    }

    [Fact]
    public void OnlyTheProjectsOwnArgumentChecksAreUsageErrors()
    {
        static Exception Caught(Action a)
        {
            try { a(); }
            catch (Exception e) { return e; }
            throw new InvalidOperationException("nothing thrown");
        }

        Assert.True(Program.ThrownByOwnCheck(Caught(() => new DynaLay.Training.PretrainOptions { Epochs = 0 }.Validate())));
        Assert.True(Program.ThrownByOwnCheck(Caught(() => DynaLay.Nets.LayerModes.Parse("9", 3))));
        // A bug: an index past the end of a list, a bad enum name inside the runtime.
        Assert.False(Program.ThrownByOwnCheck(Caught(() => _ = new List<int>()[3])));
        Assert.False(Program.ThrownByOwnCheck(Caught(() => Enum.Parse<DayOfWeek>("Caturday"))));
    }
}
