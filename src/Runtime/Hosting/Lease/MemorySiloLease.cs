namespace Beddengrid.Runtime;

/// <summary>
/// A lease row in memory with the same conditional semantics as the Azure Table one. For a single silo, whose
/// keeper then wins at once and stays active, and for tests that race several keepers on one row.
/// </summary>
public sealed class MemorySiloLease(string clusterName = MemorySiloLease.DefaultClusterName) : ISiloLease
{
    public const string DefaultClusterName = "local";

    private readonly Lock _lock = new();
    private SiloLeaseRecord? _row;
    private long _version;

    public string ClusterName { get; } = clusterName;

    public Task<SiloLeaseRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_row);
        }
    }

    public Task<SiloLeaseRecord?> TryCreateAsync(string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_row is null ? Write(owner, expiresAt) : null);
        }
    }

    public Task<SiloLeaseRecord?> TryReplaceAsync(SiloLeaseRecord current, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        lock (_lock)
        {
            return Task.FromResult(_row?.ETag == current.ETag ? Write(owner, expiresAt) : null);
        }
    }

    /// <summary>Must hold the lock.</summary>
    private SiloLeaseRecord Write(string owner, DateTimeOffset expiresAt) =>
        _row = new SiloLeaseRecord(owner, expiresAt, $"\"{++_version}\"");
}
