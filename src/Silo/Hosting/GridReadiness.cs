using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Beddengrid.Silo.Hosting;

/// <summary>Whether every registered location is in memory, so that the picture is complete and holds expire on time.</summary>
public sealed class GridReadiness : IHealthCheck
{
    private volatile string? _loaded;

    public bool IsLoaded => _loaded is not null;

    public void MarkLoaded(int locations) => _loaded = $"{locations} locations loaded.";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_loaded is { } loaded ? HealthCheckResult.Healthy(loaded) : HealthCheckResult.Unhealthy("The grid is still loading."));
}
