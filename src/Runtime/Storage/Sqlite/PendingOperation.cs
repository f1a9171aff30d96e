namespace Beddengrid.Runtime;

/// <summary>
/// A write (with <see cref="Data"/>) or a clear (without) waiting for the group-commit writer. Its
/// <see cref="Completion"/> ends only after the transaction that carries it has committed.
/// </summary>
internal sealed class PendingOperation(string stateName, GrainId grainId, long? expectedEtag, byte[]? data)
{
    public string StateName { get; } = stateName;
    public GrainId GrainId { get; } = grainId;

    /// <summary>The ETag the caller last saw; null when the caller believes no record exists.</summary>
    public long? ExpectedEtag { get; } = expectedEtag;

    public byte[]? Data { get; } = data;

    /// <summary>The stored record's new ETag after a write; null after a clear.</summary>
    public TaskCompletionSource<long?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
