using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Beddengrid.Grains;

/// <summary>
/// Finds audit entries by case, location and time, in a database file of its own that a background loop fills from
/// the audit log a batch at a time.
/// </summary>
/// <remarks>
/// Indexes on the audit table itself were updated inside every group commit: each entry put a page of the case index
/// and one of the location index into that commit, about 10 of its 17 pages, and the store's one writer spent most of
/// its time writing them (BENCHMARKS.md). Here the entries of a tenth of a second go in together, sorted, off the path
/// that acknowledges a placement. The index may lag the log, never the other way round: the file records the last entry
/// it holds, and a query reads the entries after it from the log itself, so an answer is complete the moment an append
/// is acknowledged. The index is not synced at commit; after a crash it resumes from the last entry it recorded.
/// </remarks>
internal sealed class SqliteAuditIndex : IAsyncDisposable
{
    private const int BatchSize = 20_000;

    /// <summary>Names the log an index was made from: its first entry, which an append-only log never changes.</summary>
    private const string LogFirstEntry = "(SELECT at_ticks || '/' || subject_key || '/' || event FROM log.audit_log ORDER BY rowid LIMIT 1)";

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA wal_autocheckpoint = 10000;
        CREATE TABLE IF NOT EXISTS indexed_through (entry INTEGER NOT NULL, log_first_entry TEXT);
        INSERT INTO indexed_through (entry) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM indexed_through);
        CREATE TABLE IF NOT EXISTS by_case (case_reference TEXT NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (case_reference, entry)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS by_location (location_code TEXT NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (location_code, entry)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS by_time (at_ticks INTEGER NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (at_ticks, entry)) WITHOUT ROWID;
        """;

    private readonly string _indexConnectionString;

    /// <summary>The loop's own connection to the index, with the log's file attached as <c>log</c>.</summary>
    private readonly SqliteConnection _indexer;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _indexedThrough;

    public SqliteAuditIndex(string logFilePath, string indexFilePath, TimeSpan interval, ILogger? logger = null)
    {
        _indexConnectionString = new SqliteConnectionStringBuilder { DataSource = indexFilePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _interval = interval;
        _logger = logger ?? NullLogger.Instance;
        using (var connection = OpenIndex())
        {
            using var setup = connection.CreateCommand();
            setup.CommandText = Schema;
            setup.ExecuteNonQuery();
        }
        _indexer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = indexFilePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        _indexer.Open();
        using (var attach = _indexer.CreateCommand())
        {
            attach.CommandText = "ATTACH DATABASE $log AS log";
            attach.Parameters.AddWithValue("$log", logFilePath);
            attach.ExecuteNonQuery();
        }
        _indexedThrough = StartFromTrustedMark();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The last audit entry (by row) that the index holds.</summary>
    public long IndexedThrough => Interlocked.Read(ref _indexedThrough);

    /// <summary>
    /// The entries the index holds for a case, and the last entry it holds at all: the caller reads entries after that
    /// one from the log.
    /// </summary>
    public Task<(long Through, long[] Entries)> ForCaseAsync(string caseReference) =>
        Find("SELECT entry FROM by_case WHERE case_reference = $key", command => command.Parameters.AddWithValue("$key", caseReference));

    /// <summary>The entries the index holds for a location, as <see cref="ForCaseAsync"/>.</summary>
    public Task<(long Through, long[] Entries)> ForLocationAsync(string locationCode) =>
        Find("SELECT entry FROM by_location WHERE location_code = $key", command => command.Parameters.AddWithValue("$key", locationCode));

    /// <summary>The entries stamped from <paramref name="fromTicks"/> up to, not including, <paramref name="toTicks"/>, as <see cref="ForCaseAsync"/>.</summary>
    public Task<(long Through, long[] Entries)> BetweenAsync(long fromTicks, long toTicks) =>
        Find("SELECT entry FROM by_time WHERE at_ticks >= $from AND at_ticks < $to", command =>
        {
            command.Parameters.AddWithValue("$from", fromTicks);
            command.Parameters.AddWithValue("$to", toTicks);
        });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        await _indexer.DisposeAsync();
        using var connection = new SqliteConnection(_indexConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task<(long Through, long[] Entries)> Find(string sql, Action<SqliteCommand> bind)
    {
        await using var connection = OpenIndex();
        // One read transaction, so the entries and the mark of how far they go come from the same moment.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT entry FROM indexed_through";
        var through = (long)(await command.ExecuteScalarAsync())!;
        command.CommandText = sql;
        bind(command);
        var entries = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                entries.Add(reader.GetInt64(0));
            }
        }
        return (through, entries.ToArray());
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                pause = IndexNextBatch() < BatchSize ? _interval : TimeSpan.Zero;
            }
            catch (Exception ex)
            {
                // Queries stay complete without the index (they read the log after its last entry), only slower.
                _logger.LogWarning(ex, "Indexing the audit log after entry {Entry} failed; trying again in a second.", IndexedThrough);
                pause = TimeSpan.FromSeconds(1);
            }
            if (pause > TimeSpan.Zero && !await Paused(pause))
            {
                return;
            }
        }
    }

    /// <summary>Waits; false when the index is being disposed.</summary>
    private async Task<bool> Paused(TimeSpan pause)
    {
        try
        {
            await Task.Delay(pause, _stop.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The last entry indexed, or 0 after emptying an index made from another log: a store's file deleted and seeded
    /// anew beside an old index would otherwise have queries read whichever new entries got the old ones' rows.
    /// </summary>
    private long StartFromTrustedMark()
    {
        using var check = _indexer.CreateCommand();
        check.CommandText = $"SELECT entry, log_first_entry, (SELECT ifnull(max(rowid), 0) FROM log.audit_log), {LogFirstEntry} FROM indexed_through";
        using (var reader = check.ExecuteReader())
        {
            reader.Read();
            var through = reader.GetInt64(0);
            var madeFrom = reader.IsDBNull(1) ? null : reader.GetString(1);
            var logLast = reader.GetInt64(2);
            var logFirst = reader.IsDBNull(3) ? null : reader.GetString(3);
            if (through == 0 || (through <= logLast && madeFrom == logFirst))
            {
                return through;
            }
        }
        _logger.LogWarning("The audit index was made from another log than this store's; it is emptied and built again from the log.");
        check.CommandText = "DELETE FROM by_case; DELETE FROM by_location; DELETE FROM by_time; UPDATE indexed_through SET entry = 0, log_first_entry = NULL;";
        check.ExecuteNonQuery();
        return 0;
    }

    /// <summary>Indexes up to a batch of the entries after the last one indexed, and answers how many there were.</summary>
    private int IndexNextBatch()
    {
        // Deferred: an immediate transaction would take the write lock of every attached file, the log's too, and hold up
        // the store's writer; this one only ever writes the index.
        using var transaction = _indexer.BeginTransaction(deferred: true);
        using var command = _indexer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*), ifnull(max(rowid), 0) FROM (SELECT rowid FROM log.audit_log WHERE rowid > $after ORDER BY rowid LIMIT $limit)";
        command.Parameters.AddWithValue("$after", IndexedThrough);
        command.Parameters.AddWithValue("$limit", BatchSize);
        int count;
        long last;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            count = reader.GetInt32(0);
            last = reader.GetInt64(1);
        }
        if (count == 0)
        {
            return 0;
        }
        // Copied inside SQLite, in key order, so that the entries for one page of an index go in one after another. An
        // entry already there (indexed before a crash lost the mark) is kept.
        command.Parameters.AddWithValue("$last", last);
        command.CommandText = $"""
            INSERT OR IGNORE INTO by_case (case_reference, entry)
                SELECT case_reference, rowid FROM log.audit_log WHERE rowid > $after AND rowid <= $last AND case_reference IS NOT NULL ORDER BY 1, 2;
            INSERT OR IGNORE INTO by_location (location_code, entry)
                SELECT location_code, rowid FROM log.audit_log WHERE rowid > $after AND rowid <= $last AND location_code IS NOT NULL ORDER BY 1, 2;
            INSERT OR IGNORE INTO by_time (at_ticks, entry)
                SELECT at_ticks, rowid FROM log.audit_log WHERE rowid > $after AND rowid <= $last ORDER BY 1, 2;
            UPDATE indexed_through SET entry = $last, log_first_entry = {LogFirstEntry};
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
        Interlocked.Exchange(ref _indexedThrough, last);
        return count;
    }

    private SqliteConnection OpenIndex()
    {
        var connection = new SqliteConnection(_indexConnectionString);
        connection.Open();
        return connection;
    }
}
