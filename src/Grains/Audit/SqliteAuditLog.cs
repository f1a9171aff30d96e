using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Beddengrid.Grains;

/// <summary>
/// The audit log in the SQLite store's file: entries queue up and one writer appends them in batched transactions;
/// an append is acknowledged only after its transaction commits.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog, IAsyncDisposable
{
    private const int MaxBatch = 5_000;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS audit_log (
            at_ticks INTEGER NOT NULL,
            actor TEXT NOT NULL,
            subject TEXT NOT NULL,
            subject_key TEXT NOT NULL,
            event TEXT NOT NULL,
            placement_id TEXT,
            case_reference TEXT,
            location_code TEXT,
            detail TEXT);
        CREATE INDEX IF NOT EXISTS audit_by_case ON audit_log (case_reference) WHERE case_reference IS NOT NULL;
        CREATE INDEX IF NOT EXISTS audit_by_location ON audit_log (location_code, at_ticks) WHERE location_code IS NOT NULL;
        CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (at_ticks);
        """;

    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Appended)> _pending =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private readonly Task _loop;

    public SqliteAuditLog(string filePath)
    {
        _writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = filePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _writer.Open();
        using (var setup = _writer.CreateCommand())
        {
            // The grain store writes the same file: wait for its commits instead of failing with SQLITE_BUSY.
            setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;" + Schema;
            setup.ExecuteNonQuery();
        }
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = filePath, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        _loop = Task.Run(WriteAsync);
    }

    public Task AppendAsync(AuditEntry entry)
    {
        var appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((entry, appended)))
        {
            throw new ObjectDisposedException(nameof(SqliteAuditLog), "The audit log is closed.");
        }
        return appended.Task;
    }

    public Task<IReadOnlyList<AuditEntry>> ForCaseAsync(string caseReference) => Query("case_reference = $key", caseReference);

    public Task<IReadOnlyList<AuditEntry>> ForLocationAsync(string locationCode) => Query("location_code = $key", locationCode);

    public Task<IReadOnlyList<AuditEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to) =>
        Query("at_ticks >= $from AND at_ticks < $to", null, from.UtcTicks, to.UtcTicks);

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
        await _writer.DisposeAsync();
    }

    private async Task WriteAsync()
    {
        using var insert = _writer.CreateCommand();
        insert.CommandText = """
            INSERT INTO audit_log (at_ticks, actor, subject, subject_key, event, placement_id, case_reference, location_code, detail)
            VALUES ($at, $actor, $subject, $key, $event, $placement, $case, $location, $detail)
            """;
        var parameters = new[] { "$at", "$actor", "$subject", "$key", "$event", "$placement", "$case", "$location", "$detail" }
            .Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        parameters[0].SqliteType = SqliteType.Integer;
        var batch = new List<(AuditEntry Entry, TaskCompletionSource Appended)>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                using var transaction = _writer.BeginTransaction();
                insert.Transaction = transaction;
                foreach (var (entry, _) in batch)
                {
                    object?[] values = [entry.At.UtcTicks, entry.Actor, entry.Subject, entry.SubjectKey, entry.Event, entry.PlacementId, entry.CaseReference, entry.LocationCode, entry.Detail];
                    for (var i = 0; i < values.Length; i++)
                    {
                        parameters[i].Value = values[i] ?? DBNull.Value;
                    }
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
                batch.ForEach(item => item.Appended.SetResult());
            }
            catch (Exception ex)
            {
                batch.ForEach(item => item.Appended.SetException(ex));
            }
            batch.Clear();
        }
    }

    private async Task<IReadOnlyList<AuditEntry>> Query(string where, string? key, long from = 0, long to = 0)
    {
        await using var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT at_ticks, actor, subject, subject_key, event, placement_id, case_reference, detail FROM audit_log WHERE {where} ORDER BY rowid";
        command.Parameters.AddWithValue("$key", (object?)key ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync())
        {
            entries.Add(new AuditEntry(
                new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return entries;
    }
}
