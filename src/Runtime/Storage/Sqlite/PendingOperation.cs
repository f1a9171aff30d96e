namespace Beddengrid.Runtime;

/// <summary>
/// A write (with <see cref="Data"/>) or a clear (without) waiting for the group-commit writer. Its task ends only after
/// the transaction that carries it has committed, with the stored record's new ETag after a write and null otherwise.
/// It is its own completion source: one object an operation, on a path that runs for every state write.
/// </summary>
internal sealed class PendingOperation(string stateName, GrainId grainId, long? expectedEtag, byte[]? data)
    : TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>A row for an append-only side table (the audit log), committed in the same group commit as grain state.</summary>
    public static PendingOperation Append(string insertSql, object?[] values) =>
        new("", default, null, null) { AppendRow = (insertSql, values) };

    public (string InsertSql, object?[] Values)? AppendRow { get; private init; }

    public string StateName { get; } = stateName;
    public GrainId GrainId { get; } = grainId;

    /// <summary>The ETag the caller last saw; null when the caller believes no record exists.</summary>
    public long? ExpectedEtag { get; } = expectedEtag;

    public byte[]? Data { get; } = data;

    /// <summary>The next operation that must commit in the same transaction as this one (see <see cref="SqliteGrainStorage.Together"/>).</summary>
    public PendingOperation? NextTogether { get; set; }

    /// <summary>The ETag the writer gave this write; null for a clear or an append.</summary>
    public long? NewEtag { get; set; }
}
