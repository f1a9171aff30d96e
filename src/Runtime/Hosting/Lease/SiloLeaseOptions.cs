namespace Beddengrid.Runtime;

/// <summary>How a <see cref="SiloLeaseKeeper"/> holds its cluster's lease (configuration section "Lease").</summary>
public sealed record SiloLeaseOptions
{
    /// <summary>Silos with the same cluster name compete for one lease; the lease row's key.</summary>
    public string ClusterName { get; init; } = "beddengrid";

    /// <summary>Names this silo in the lease row and in logs; each start adds a fresh suffix to it, see <see cref="SiloLeaseKeeper.SiloId"/>.</summary>
    public string SiloName { get; init; } = Environment.MachineName;

    /// <summary>How long a written lease lasts: after a silo dies, a standby takes over within this plus <see cref="RenewInterval"/>.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the holder renews and a standby checks whether the lease has lapsed; a third of <see cref="Duration"/> when not set.</summary>
    public TimeSpan? RenewInterval { get; init; }

    /// <summary>
    /// How long before the written expiry the holder stops counting itself active when it could not renew; it covers
    /// clock skew between silos and a write admitted just before the fence. A fifth of <see cref="Duration"/> when not set.
    /// </summary>
    public TimeSpan? SafetyMargin { get; init; }
}
