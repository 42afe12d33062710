using Microsoft.Extensions.Options;

namespace Florence2.Hosting;

/// <summary>Validates every named <see cref="Florence2Options"/>; each failure names the setting and what is allowed.</summary>
internal sealed class Florence2OptionsValidator : IValidateOptions<Florence2Options>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, Florence2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Florence2OptionsConverter.Convert(options, name ?? string.Empty, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
