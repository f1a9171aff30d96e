namespace Beddengrid.Runtime;

/// <summary>
/// Grain storage that writes and clears only while this silo holds the cluster's lease, and otherwise throws
/// <see cref="SiloNotActiveException"/> before the store is touched: the fence that keeps a standby, or a silo that
/// could not renew in time, from writing grains the active silo owns. Reads pass, so a standby can answer queries.
/// A write admitted just before the fence may still land after it; the stores' ETags make that safe, because the
/// next active silo's write on the same grain then fails as inconsistent and reloads.
/// </summary>
public sealed class LeaseGuardedGrainStorage(IGrainStorage inner, SiloLeaseKeeper keeper) : IGrainStorage
{
    private readonly IGrainStorage _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly SiloLeaseKeeper _keeper = keeper ?? throw new ArgumentNullException(nameof(keeper));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _keeper.ThrowIfNotActive();
        return _inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _keeper.ThrowIfNotActive();
        return _inner.ClearStateAsync(stateName, grainId, grainState);
    }

    public IAsyncEnumerable<(GrainId GrainId, IGrainState<T> State)> ReadPartitionAsync<T>(
        string stateName, string grainType, string partition, CancellationToken cancellationToken = default) =>
        _inner.ReadPartitionAsync<T>(stateName, grainType, partition, cancellationToken);
}
