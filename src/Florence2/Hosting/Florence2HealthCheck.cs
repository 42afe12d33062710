using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Florence2.Hosting;

/// <summary>
/// Readiness of one registered model: unhealthy until it is loaded (saying what it is doing: downloading, loading),
/// unhealthy with the reason when loading failed, healthy once loaded, with where it runs.
/// </summary>
internal sealed class Florence2HealthCheck(Florence2ModelLoader loader) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var key = loader.Name.Length == 0 ? "the Florence-2 model" : $"the Florence-2 model '{loader.Name}'";
        if (loader.Completed is not { } done)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"{Capitalize(key)} is not ready: {loader.Stage}."));
        }

        if (!done.IsCompletedSuccessfully)
        {
            var error = done.Exception?.InnerException ?? done.Exception ?? (Exception)new OperationCanceledException("The load was cancelled.");
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"{Capitalize(key)} failed to load: {error.Message}", error));
        }

        var info = done.Result.Info;
        var data = new Dictionary<string, object>
        {
            ["directory"] = info.Directory,
            ["providers"] = string.Join(", ", info.ExecutionProviders.Select(p => $"{p.Key}={p.Value}")),
        };
        return Task.FromResult(HealthCheckResult.Healthy($"{Capitalize(key)} is loaded.", data));
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
