using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Beddengrid.Runtime;

/// <summary>
/// Keeps serialized state in memory, for tests and load-test sandboxes. State is serialized on write so that a
/// grain mutating its state after a write cannot change what is stored, exactly as with a durable provider.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    /// <summary>A serialized state and its ETag, formatted once when written: reads and checks then only compare it.</summary>
    private sealed record StoredRecord(byte[] Data, string ETag)
    {
        public bool Matches(string? etag) => etag == ETag;
    }

    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), StoredRecord> _records = new();
    private long _nextVersion;

    public int MaxStateBytes { get; init; } = 1 << 20;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_records.TryGetValue((stateName, grainId), out var record))
        {
            grainState.State = GrainStateSerializer.Deserialize<T>(record.Data, grainId, stateName);
            grainState.Stored(record.ETag);
        }
        else
        {
            grainState.Absent();
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = GrainStorageErrors.SerializeWithinLimit(grainState.State, stateName, grainId, MaxStateBytes, "memory store");
        var key = (stateName, grainId);
        var next = new StoredRecord(data, Interlocked.Increment(ref _nextVersion).ToString(CultureInfo.InvariantCulture));
        if (grainState.ETag is null)
        {
            if (!_records.TryAdd(key, next))
            {
                throw GrainStorageErrors.EtagConflict(stateName, grainId, null);
            }
        }
        else if (!_records.TryGetValue(key, out var current)
            || !current.Matches(grainState.ETag)
            || !_records.TryUpdate(key, next, current))
        {
            throw GrainStorageErrors.EtagConflict(stateName, grainId, grainState.ETag);
        }
        grainState.Stored(next.ETag);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var cleared = _records.TryGetValue(key, out var current)
            ? current.Matches(grainState.ETag) && _records.TryRemove(KeyValuePair.Create(key, current))
            : grainState.ETag is null;
        if (!cleared)
        {
            throw GrainStorageErrors.EtagConflict(stateName, grainId, grainState.ETag);
        }
        grainState.Absent();
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<(GrainId GrainId, IGrainState<T> State)> ReadPartitionAsync<T>(
        string stateName, string grainType, string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var ((name, grainId), record) in _records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (name == stateName && grainId.Type == grainType && grainId.Partition == partition)
            {
                var state = GrainStateSerializer.Deserialize<T>(record.Data, grainId, stateName);
                yield return (grainId, GrainState<T>.Stored(state, record.ETag));
            }
        }
    }
}
