namespace Beddengrid.Runtime;

/// <summary>
/// A grain write was refused because this silo does not hold the cluster's lease (it is the standby, or it could not
/// renew in time). Another silo may be writing the same grains, so the change is not stored; the HTTP edge answers
/// 503 with <see cref="RetryAfter"/>, by when the active silo should serve.
/// </summary>
public sealed class SiloNotActiveException(string siloId, string clusterName, TimeSpan retryAfter)
    : Exception($"Silo '{siloId}' does not hold the lease of cluster '{clusterName}', so it refuses writes: only the active silo may change grains. Retry after {retryAfter.TotalSeconds:0.#} s, against the active silo.")
{
    public string SiloId { get; } = siloId;
    public string ClusterName { get; } = clusterName;
    public TimeSpan RetryAfter { get; } = retryAfter;
}
