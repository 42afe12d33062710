using Florence2.Samples.Json;

namespace Florence2.Cli;

/// <summary>
/// The --json output: one object per image, on one line (JSON Lines), in the samples' result contract (docs/json.md);
/// the run command adds the prompt, token ids, sequence score and timings for debugging.
/// </summary>
internal static class ResultJson
{
    public static string Write(string image, TaskResult typed, CliInvocation arguments) =>
        ResultContract.Serialize(ResultContract.From(
            typed,
            task: arguments.Command == CliCommand.Run || arguments.Command == CliCommand.Prompt ? arguments.Task : arguments.Command.ToString(),
            image,
            arguments.Region,
            generationDetails: arguments.Command == CliCommand.Run));
}
