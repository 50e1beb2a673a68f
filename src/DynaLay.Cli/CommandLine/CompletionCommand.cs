using System.CommandLine;

namespace DynaLay.Cli.CommandLine;

/// <summary>
/// dynalay completion bash|zsh: a script that makes the shell complete commands, options, and the values of
/// choices, agents and datasets, by asking the program itself (System.CommandLine's [suggest] directive).
/// </summary>
public static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash | zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "print a shell completion script: eval \"$(dynalay completion bash)\"") { shell };
        command.SetAction(r =>
        {
            Console.WriteLine(r.GetValue(shell) == "zsh" ? Zsh : Bash);
            return 0;
        });
        return command;
    }

    private const string Bash = """
        _dynalay_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _dynalay_complete dynalay
        """;

    private const string Zsh = """
        autoload -U bashcompinit && bashcompinit
        _dynalay_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _dynalay_complete dynalay
        """;
}
