using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Florence2.Samples;

/// <summary>System.CommandLine's help, followed by a few lines of notes (exit codes, an example).</summary>
internal sealed class HelpWithNotes(HelpAction help, params string[] notes) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var code = help.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        foreach (var note in notes)
        {
            output.WriteLine(note);
        }

        return code;
    }
}
