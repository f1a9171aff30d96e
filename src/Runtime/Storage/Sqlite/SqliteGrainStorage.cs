using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Beddengrid.Runtime;

/// <summary>
/// Grain state in one SQLite file (WAL, synchronous=FULL), kept as an append-only log of versions with an index in
/// memory of each state's latest row. Writes and clears are group-committed by a single writer; reads look the row up
/// in the index and read it on pooled read-only connections, which WAL lets proceed alongside the writer.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IAsyncDisposable
{
    private const string StoreName = "SQLite grain store";

    private readonly string _readConnectionString;
    private readonly SqliteStateIndex _index;
    private readonly SqliteGroupCommitWriter _writer;
    private readonly FileStream _ownership;
    private bool _disposed;

    /// <exception cref="StorageSchemaVersionException">The file was created with another schema version.</exception>
    public SqliteGrainStorage(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataFolder, nameof(options.DataFolder));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FileName, nameof(options.FileName));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxStateBytes, nameof(options.MaxStateBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBatchSize, nameof(options.MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CheckpointPages, nameof(options.CheckpointPages));
        ArgumentOutOfRangeException.ThrowIfNegative(options.LogSlackRows, nameof(options.LogSlackRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CommitInterval, TimeSpan.Zero, nameof(options.CommitInterval));

        Directory.CreateDirectory(options.DataFolder);
        MaxStateBytes = options.MaxStateBytes;
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = options.FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        _ownership = Own(options.FilePath);
        try
        {
            var connection = OpenWriterConnection(options.FilePath, options.CheckpointPages);
            try
            {
                (_index, var extent) = SqliteStateIndex.Load(connection);
                _writer = new SqliteGroupCommitWriter(connection, _index, extent, options);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch
        {
            _ownership.Dispose();
            throw;
        }
    }

    public int MaxStateBytes { get; }

    /// <summary>How many group-commit transactions have committed since this store was opened.</summary>
    public long TransactionsCommitted => _writer.TransactionsCommitted;

    /// <summary>States stored, and rows in the log including superseded versions that compaction has not yet removed.</summary>
    public (int States, long LogRows) Size => (_index.Count, _writer.LogRows);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = new StateKey(stateName, grainId.Type, grainId.Key);
        if (!_index.TryGet(key, out _))
        {
            // Every new placement and household starts here: the index alone answers, without a connection.
            grainState.Absent();
            return;
        }
        await using var connection = OpenReadConnection();
        await using var command = RowQuery(connection);
        if (ReadLatest(command, key) is { } found)
        {
            grainState.State = GrainStateSerializer.Deserialize<T>(found.Data, grainId, stateName);
            grainState.Stored(FormatEtag(found.Etag));
        }
        else
        {
            grainState.Absent();
        }
    }

    /// <remarks>A state over the size limit is refused by the call itself, before anything is queued.</remarks>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = GrainStorageErrors.SerializeWithinLimit(grainState.State, stateName, grainId, MaxStateBytes, StoreName);
        return Write(new PendingOperation(stateName, grainId, ParseEtag(stateName, grainId, grainState.ETag), data), grainState);
    }

    private async Task Write<T>(PendingOperation write, IGrainState<T> grainState)
    {
        var newEtag = await _writer.EnqueueAsync(write);
        grainState.Stored(FormatEtag(newEtag!.Value));
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writer.EnqueueAsync(new PendingOperation(stateName, grainId, ParseEtag(stateName, grainId, grainState.ETag), data: null));
        grainState.Absent();
    }

    public async IAsyncEnumerable<(GrainId GrainId, IGrainState<T> State)> ReadPartitionAsync<T>(
        string stateName, string grainType, string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = OpenReadConnection();
        await using var command = RowQuery(connection);
        foreach (var grainKey in _index.KeysIn(stateName, grainType, partition))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadLatest(command, new StateKey(stateName, grainType, grainKey)) is { } found)
            {
                var grainId = new GrainId(grainType, grainKey);
                yield return (grainId, GrainState<T>.Stored(GrainStateSerializer.Deserialize<T>(found.Data, grainId, stateName), FormatEtag(found.Etag)));
            }
        }
    }

    private static SqliteCommand RowQuery(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_log WHERE row = $row AND etag = $etag";
        command.Parameters.Add("$row", SqliteType.Integer);
        command.Parameters.Add("$etag", SqliteType.Integer);
        return command;
    }

    /// <summary>
    /// The state's latest version, or null when none is stored. The row the index names can have been copied to the end of
    /// the log and deleted since it was looked up; the writer deletes a row only after the index names its copy, so
    /// the lookup is repeated, and a row still missing under the same name means the file was changed outside this
    /// store. The ETag in the query makes sure the row read is that version and no other.
    /// </summary>
    private (long Etag, byte[] Data)? ReadLatest(SqliteCommand command, StateKey key)
    {
        StateSlot? missing = null;
        while (_index.TryGet(key, out var slot))
        {
            command.Parameters[0].Value = slot.Row;
            command.Parameters[1].Value = slot.Etag;
            if (command.ExecuteScalar() is byte[] data)
            {
                return (slot.Etag, data);
            }
            if (slot == missing)
            {
                throw new GrainStateCorruptException($"{StoreName}: the state '{key.StateName}' of grain {new GrainId(key.GrainType, key.GrainKey)} should be in row {slot.Row} of the log, which is missing; the database was changed outside this store.");
            }
            missing = slot;
        }
        return null;
    }

    /// <summary>
    /// Appends a row to an append-only side table of this file (the audit log) through the same group commit as grain
    /// state: one writer, and the row is acknowledged only once its transaction has committed. The SQL names its
    /// parameters $p0, $p1, … in the order of <paramref name="values"/>.
    /// </summary>
    /// <remarks>Not an async method, which would add an allocation to every audit entry; a closed store still answers
    /// with a failed task rather than a throw, as the other operations do.</remarks>
    public Task AppendAsync(string insertSql, params object?[] values)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _writer.EnqueueAsync(PendingOperation.Append(insertSql, values));
        }
        catch (ObjectDisposedException closed)
        {
            return Task.FromException(closed);
        }
    }

    /// <summary>
    /// Until disposed, the writes, clears and appends this thread starts are queued as one group that commits in one
    /// transaction all or nothing: when one member's ETag does not match, every member fails with that conflict. The
    /// audit log uses it for a state write and the entry of its transition.
    /// </summary>
    public IDisposable Together() => _writer.Together();

    /// <summary>Commits every write already queued, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _writer.DisposeAsync();
        using (var connection = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        await _ownership.DisposeAsync();
    }

    /// <summary>
    /// Holds an exclusive lock beside the database for as long as this store is open. Two silos writing one file would
    /// each hold grains the other changes under it; the second is refused at once, naming the file. The kernel drops the
    /// lock when the process dies, so a restart after a crash is not refused.
    /// </summary>
    private static FileStream Own(string filePath)
    {
        try
        {
            return new FileStream(filePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"{StoreName} '{filePath}' is already open in another silo or process; stop it, or give this silo its own data folder (Store:DataFolder).", ex);
        }
    }

    private static SqliteConnection OpenWriterConnection(string filePath, int checkpointPages)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = filePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                // FULL, not NORMAL: in WAL mode NORMAL skips the fsync at commit, so an acknowledged write could be lost on power failure.
                pragmas.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = {checkpointPages};";
                pragmas.ExecuteNonQuery();
            }
            SqliteSchema.EnsureCurrent(connection, filePath);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private SqliteConnection OpenReadConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Null stays null; an ETag that is not one of ours can match no record, so it is a conflict straight away.</summary>
    private static long? ParseEtag(string stateName, GrainId grainId, string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw GrainStorageErrors.EtagConflict(stateName, grainId, etag);

    private static string FormatEtag(long etag) => etag.ToString(CultureInfo.InvariantCulture);
}
