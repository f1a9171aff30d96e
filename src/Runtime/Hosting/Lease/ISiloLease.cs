namespace Beddengrid.Runtime;

/// <summary>
/// The one lease row of a cluster, changed only by conditional writes, as Orleans' membership table: a create
/// succeeds only where no row exists, a replace only while the row still carries the ETag the writer read. That is
/// what lets two silos race for the lease with exactly one winner. <see cref="SiloLeaseKeeper"/> decides when to write.
/// </summary>
public interface ISiloLease
{
    /// <summary>The cluster whose lease this is; silos of one cluster share it, other clusters have their own.</summary>
    string ClusterName { get; }

    /// <returns>The row as stored, or null when there is none yet.</returns>
    Task<SiloLeaseRecord?> ReadAsync(CancellationToken cancellationToken);

    /// <returns>The new row, or null when a row already exists: another silo created it first.</returns>
    Task<SiloLeaseRecord?> TryCreateAsync(string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="owner"/> and <paramref name="expiresAt"/> if the row is still the version <paramref name="current"/>.</summary>
    /// <returns>The new row, or null when the row changed or vanished since <paramref name="current"/> was read: another silo wrote first.</returns>
    Task<SiloLeaseRecord?> TryReplaceAsync(SiloLeaseRecord current, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
