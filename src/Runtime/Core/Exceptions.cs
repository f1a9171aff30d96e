namespace Beddengrid.Runtime;

/// <summary>An activation's queue is full; the caller should back off and retry (the HTTP edge answers 503).</summary>
public sealed class GrainOverloadedException(GrainId grainId, int queueLimit)
    : Exception($"Grain {grainId} has {queueLimit} requests queued, its limit; the request was rejected so that it can be retried later.")
{
    public GrainId GrainId { get; } = grainId;
}

/// <summary>A call would wait for a non-reentrant grain that is itself waiting further up the same call chain.</summary>
public sealed class CallCycleException(IReadOnlyList<GrainId> cycle)
    : Exception($"Call cycle on non-reentrant grains: {string.Join(" -> ", cycle)}. The last call would wait forever for the first.")
{
    public IReadOnlyList<GrainId> Cycle { get; } = cycle;
}

/// <summary>A grain call did not complete within the response timeout.</summary>
public sealed class GrainCallTimeoutException(GrainId grainId, string method, TimeSpan timeout)
    : TimeoutException($"Call to {grainId}.{method} did not complete within the response timeout of {timeout}.")
{
    public GrainId GrainId { get; } = grainId;
}

/// <summary>
/// A storage write carried an ETag that no longer matches the stored record: another writer got there first.
/// When this escapes a grain call, the runtime deactivates the activation so that the next call reloads state.
/// </summary>
public sealed class InconsistentStateException(string message, string? storedEtag = null, string? currentEtag = null)
    : Exception(message)
{
    public string? StoredEtag { get; } = storedEtag;
    public string? CurrentEtag { get; } = currentEtag;
}

/// <summary>Stored grain state could not be read back: corrupt, truncated or of an unknown schema version.</summary>
public sealed class GrainStateCorruptException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Grain state is larger than the storage provider can keep in one record.</summary>
public sealed class GrainStateTooLargeException(string message) : Exception(message);

/// <summary>A store was created by a different version of the application than this one understands.</summary>
public sealed class StorageSchemaVersionException(string store, long foundVersion, long supportedVersion)
    : Exception($"The {store} has schema version {foundVersion}, but this build supports only schema version {supportedVersion}; open it with the Beddengrid version that wrote it, or migrate it.")
{
    public long FoundVersion { get; } = foundVersion;
    public long SupportedVersion { get; } = supportedVersion;
}
