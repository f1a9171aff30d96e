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
    /// second time and syncs the database file, and every write waits while the one writer does it: the interval sets
    /// how long those waits are against how often they come. At 20,000 pages (80 MB) each wait showed in the request
    /// latency of an HTTP placement load every 1.7 s; at 4,000 pages (16 MB) the typical second's p99 was about a third
    /// lower and durable placements no slower (BENCHMARKS.md).
    /// </summary>
    public int CheckpointPages { get; init; } = DefaultCheckpointPages;

    public const int DefaultCheckpointPages = 4_000;

    /// <summary>
    /// While writes keep arriving during commits, the shortest time from the start of one commit to the start of the next.
    /// A commit on its own costs about as much in fsync and in rewriting the log's last pages as fifty writes in it
    /// (BENCHMARKS.md), so under load the writer lets writes gather rather than commit a handful at a time; a write that
    /// finds the writer idle still commits at once. Zero commits back to back. Waits are whole milliseconds.
    /// </summary>
    public TimeSpan CommitInterval { get; init; } = DefaultCommitInterval;

    public static readonly TimeSpan DefaultCommitInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Superseded rows the log may hold beyond three rows per live state before writing transactions start compacting
    /// its oldest rows. It keeps a small store from compacting at all.
    /// </summary>
    public long LogSlackRows { get; init; } = DefaultLogSlackRows;

    public const long DefaultLogSlackRows = 100_000;

    public string FilePath => Path.Combine(DataFolder, FileName);
}
