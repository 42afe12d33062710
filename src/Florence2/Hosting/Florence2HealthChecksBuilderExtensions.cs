using Florence2.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Readiness health checks of registered Florence-2 models.</summary>
public static class Florence2HealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check of one registered model: unhealthy (or <paramref name="failureStatus"/>) until it is loaded, with
    /// what it is doing (downloading, loading) or why loading failed; healthy once loaded. Use it for readiness with
    /// <c>LoadOnStartup</c>, for example <c>AddFlorence2(tags: ["ready"])</c> and <c>MapHealthChecks("/health/ready", ...)</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="serviceKey">The registration's service key; null for the unkeyed model.</param>
    /// <param name="name">The check's name; <c>florence2</c> (or <c>florence2:KEY</c>) by default.</param>
    /// <param name="failureStatus">The status reported while the model is not ready; <see cref="HealthStatus.Unhealthy"/> by default.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <returns>The same builder.</returns>
    public static IHealthChecksBuilder AddFlorence2(this IHealthChecksBuilder builder, object? serviceKey = null, string? name = null,
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var registration = RegistrationName.Of(serviceKey);
        return builder.Add(new HealthCheckRegistration(
            name ?? (registration.Length == 0 ? "florence2" : "florence2:" + registration),
            sp => new Florence2HealthCheck(sp.GetRequiredKeyedService<Florence2ModelLoader>(registration)),
            failureStatus,
            tags));
    }
}
