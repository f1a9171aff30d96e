using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Beddengrid.Runtime;

/// <summary>Healthy only while this silo holds the cluster's lease: the readiness of a silo that has a standby beside it.</summary>
public sealed class SiloLeaseHealthCheck(SiloLeaseKeeper keeper) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(keeper.IsActive
            ? HealthCheckResult.Healthy($"Silo {keeper.SiloId} holds the lease of cluster {keeper.ClusterName}.")
            : HealthCheckResult.Unhealthy($"Silo {keeper.SiloId} does not hold the lease of cluster {keeper.ClusterName}; it is standing by."));
}
