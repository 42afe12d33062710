using System.Globalization;

namespace Florence2.Hosting;

/// <summary>The options name of a registration: empty for the unkeyed model, the service key's text for a keyed one.</summary>
internal static class RegistrationName
{
    /// <exception cref="ArgumentException">The key's text is empty.</exception>
    public static string Of(object? serviceKey)
    {
        if (serviceKey is null)
        {
            return Microsoft.Extensions.Options.Options.DefaultName;
        }

        string? name = Convert.ToString(serviceKey, CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(name)
            ? throw new ArgumentException($"The service key's text names its options, but this key ({serviceKey.GetType().Name}) has empty text; use a key such as \"detector\".", nameof(serviceKey))
            : name;
    }
}
