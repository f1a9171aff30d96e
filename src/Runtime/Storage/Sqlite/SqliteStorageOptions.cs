namespace Beddengrid.Runtime;

/// <summary>Where and how <see cref="SqliteGrainStorage"/> keeps grain state.</summary>
public sealed record SqliteStorageOptions
{
    /// <summary>The folder that holds the database file; created when missing.</summary>
    public required string DataFolder { get; init; }

    public string FileName { get; init; } = "beddengrid.db";

    /// <summary>Serialized state above this size is refused with <see cref="GrainStateTooLargeException"/>.</summary>
    public int MaxStateBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The most writes and clears one group-commit transaction takes from the queue.</summary>
    public int MaxBatchSize { get; init; } = 2_000;

    /// <summary>
    /// WAL pages after which a commit also checkpoints them into the database file. A checkpoint writes every page a
    /// second time and syncs the database file; at SQLite's default of 1,000 pages a placement load checkpointed several
    /// times a second. 20,000 pages (80 MB of WAL) made durable placements about a fifth faster (BENCHMARKS.md).
    /// </summary>
    public int CheckpointPages { get; init; } = DefaultCheckpointPages;

    public const int DefaultCheckpointPages = 20_000;

    /// <summary>
    /// Superseded rows the log may hold beyond three rows per live state before writing transactions start compacting
    /// its oldest rows. It keeps a small store from compacting at all.
    /// </summary>
    public long LogSlackRows { get; init; } = DefaultLogSlackRows;

    public const long DefaultLogSlackRows = 100_000;

    public string FilePath => Path.Combine(DataFolder, FileName);
}
