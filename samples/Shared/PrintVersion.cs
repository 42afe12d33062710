using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Florence2.Samples;

/// <summary>--version: the app's own version (System.CommandLine's default reads the entry assembly, which is the test host under tests). Linked into the CLI and BatchCaption.</summary>
internal sealed class PrintVersion : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var assembly = typeof(PrintVersion).Assembly;
        parseResult.InvocationConfiguration.Output.WriteLine(
            assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString());
        return 0;
    }
}
