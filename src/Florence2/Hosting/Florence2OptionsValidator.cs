using Microsoft.Extensions.Options;

namespace Florence2.Hosting;

/// <summary>
/// Validates every named <see cref="Florence2Options"/>: what the configuration check found (unknown keys, values of the
/// wrong type), the model's source, then every setting (<see cref="Florence2ModelOptions.Validate"/>).
/// </summary>
internal sealed class Florence2OptionsValidator(IOptionsMonitor<ConfigurationProblems>? configurationProblems = null) : IValidateOptions<Florence2Options>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, Florence2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = string.IsNullOrEmpty(name) ? "Florence2 options: " : $"Florence2 options '{name}': ";
        var failures = new List<string>(configurationProblems?.Get(name ?? Options.DefaultName).Messages ?? []);
        if (!string.IsNullOrWhiteSpace(options.ModelId))
        {
            if (!string.IsNullOrWhiteSpace(options.ModelPath))
            {
                failures.Add($"ModelPath '{options.ModelPath}' and ModelId '{options.ModelId}' are both set; give one: a local folder or a Hub repository.");
            }

            try
            {
                Hub.HubNames.ValidateRepoId(options.ModelId);
                Hub.HubNames.ValidateRevision(options.Revision ?? "main");
            }
            catch (HubInvalidNameException e)
            {
                failures.Add($"ModelId/Revision: {e.Message}");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            failures.Add("ModelPath is missing; set it to the folder of an onnx-community Florence-2 export (the folder holding onnx/ and config.json), "
                + "or set ModelId to a Hub repository such as onnx-community/Florence-2-base-ft.");
        }
        else if (!Directory.Exists(options.ModelPath))
        {
            failures.Add($"ModelPath '{options.ModelPath}' is not an existing folder (resolved to '{Path.GetFullPath(options.ModelPath)}').");
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            failures.Add(e.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures.Select(f => prefix + f));
    }
}
