namespace Florence2.Cli;

/// <summary>The command line is malformed; the message says how.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
