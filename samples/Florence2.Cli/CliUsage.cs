using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Florence2.Cli;

/// <summary>
/// Writes a usage error: System.CommandLine's messages and typo suggestions, each error as "usage error: …", a hint
/// when an option belongs to another command, and where to find the command's help.
/// </summary>
internal static class CliUsage
{
    public static void WriteErrors(CliCommandLine commandLine, ParseResult parsed, TextWriter stderr)
    {
        using var errors = new StringWriter();
        if (parsed.Action is ParseErrorAction action)
        {
            action.ShowHelp = false;
            action.ShowTypoCorrections = true;
            parsed.Invoke(new InvocationConfiguration { Output = errors, Error = errors, EnableDefaultExceptionHandler = false });
        }
        else
        {
            foreach (var error in parsed.Errors)
            {
                errors.WriteLine(error.Message);
            }
        }

        // The errors first, then System.CommandLine's suggestions ("'detet' was not matched. Did you mean ...").
        var messages = parsed.Errors.Select(e => e.Message).ToHashSet(StringComparer.Ordinal);
        var followUps = parsed.Errors.Where(e => commandLine.IsFollowUpError(e, parsed)).Select(e => e.Message).ToHashSet(StringComparer.Ordinal);
        var lines = errors.ToString().Split(Environment.NewLine).Where(l => l.Trim().Length > 0 && !followUps.Contains(l)).ToList();
        foreach (var line in lines.Where(messages.Contains))
        {
            stderr.WriteLine($"usage error: {line}");
        }

        foreach (var line in lines.Where(l => !messages.Contains(l)))
        {
            stderr.WriteLine(line);
        }

        var command = parsed.CommandResult.Command;
        foreach (var token in parsed.UnmatchedTokens.Where(t => t.StartsWith("--", StringComparison.Ordinal)))
        {
            if (commandLine.CommandWithOption(token) is { } owner && owner != command && !command.Options.Any(o => o.Name == token))
            {
                stderr.WriteLine($"{token} goes with '{owner.Name}', not with '{command.Name}'.");
            }
        }

        stderr.WriteLine(command is RootCommand ? "see florence2 --help" : $"see florence2 {command.Name} --help");
    }
}
