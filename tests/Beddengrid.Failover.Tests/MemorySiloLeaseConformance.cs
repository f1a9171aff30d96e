namespace Beddengrid.Failover.Tests;

public sealed class MemorySiloLeaseConformance : SiloLeaseConformance
{
    // A memory lease is one cluster's row; a cluster of its own is a lease of its own.
    protected override ISiloLease NewLease() => new MemorySiloLease($"cluster-{Guid.NewGuid():N}");
}
