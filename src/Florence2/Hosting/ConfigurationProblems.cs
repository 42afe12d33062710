namespace Florence2.Hosting;

/// <summary>
/// What <see cref="ConfigurationCheck"/> found in the configuration section of one registration (named options, one per
/// registration), so that options validation reports it together with every other bad setting.
/// </summary>
internal sealed class ConfigurationProblems
{
    public List<string> Messages { get; } = [];
}
