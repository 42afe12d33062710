using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Florence2.WebApi;

/// <summary>
/// <c>/health/live</c> answers 200 while the process serves requests (no checks: a restart would not fix a model that
/// cannot load); <c>/health/ready</c> runs the checks tagged <see cref="ReadyTag"/>, the library's model check among them,
/// so a pod takes traffic only once its model is loaded. The Kubernetes probes in deploy/k8s use these paths.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The liveness path.</summary>
    public const string Live = "/health/live";

    /// <summary>The readiness path.</summary>
    public const string Ready = "/health/ready";

    /// <summary>The tag of the checks that readiness runs.</summary>
    public const string ReadyTag = "ready";

    internal static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
    }
}
