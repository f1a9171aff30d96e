namespace Beddengrid.Runtime;

/// <summary>
/// Durable storage for grain state, as Orleans' <c>IGrainStorage</c>. A write is acknowledged only once durable.
/// A write whose ETag does not match the stored record (including a first write where a record exists) throws
/// <see cref="InconsistentStateException"/>; so does a clear whose ETag does not match, including a clear with an
/// ETag of a record that another writer already removed. Reading a missing record leaves <c>RecordExists</c> false and
/// the ETag null. State larger than the provider keeps throws <see cref="GrainStateTooLargeException"/> before anything
/// is stored.
/// </summary>
public interface IGrainStorage
{
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>
    /// Every stored state of one grain type and state name whose key lies in <paramref name="partition"/>
    /// (see <see cref="GrainId.Partition"/>), so that e.g. a location loads all its beds in one query.
    /// </summary>
    IAsyncEnumerable<(GrainId GrainId, IGrainState<T> State)> ReadPartitionAsync<T>(string stateName, string grainType, string partition, CancellationToken cancellationToken = default);
}
