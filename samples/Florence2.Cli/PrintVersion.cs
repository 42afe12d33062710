using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Florence2.Cli;

/// <summary>--version: the tool's own version (System.CommandLine's default reads the entry assembly, which is the host under test).</summary>
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
