using Beddengrid.Runtime;
using Microsoft.Data.Sqlite;

namespace Beddengrid.Grains;

/// <summary>
/// The audit log in the SQLite store's own file. Entries go through the store's group commit, so there is one writer
/// per file and an append is acknowledged only after its transaction has committed.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private const string Insert = """
        INSERT INTO audit_log (at_ticks, actor, subject, subject_key, event, placement_id, case_reference, location_code, detail)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)
        """;

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

    private readonly SqliteGrainStorage _store;
    private readonly string _readConnectionString;

    public SqliteAuditLog(SqliteGrainStorage store, string filePath)
    {
        _store = store;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = filePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        {
            connection.Open();
            using var setup = connection.CreateCommand();
            setup.CommandText = "PRAGMA busy_timeout = 30000;" + Schema;
            setup.ExecuteNonQuery();
        }
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = filePath, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
    }

    public IDisposable Together() => _store.Together();

    public Task AppendAsync(AuditEntry entry) =>
        _store.AppendAsync(Insert, entry.At.UtcTicks, entry.Actor, entry.Subject, entry.SubjectKey, entry.Event, entry.PlacementId, entry.CaseReference, entry.LocationCode, entry.Detail);

    public Task<IReadOnlyList<AuditEntry>> ForCaseAsync(string caseReference) => Query("case_reference = $key", caseReference);

    public Task<IReadOnlyList<AuditEntry>> ForLocationAsync(string locationCode) => Query("location_code = $key", locationCode);

    public Task<IReadOnlyList<AuditEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to) =>
        Query("at_ticks >= $from AND at_ticks < $to", null, from.UtcTicks, to.UtcTicks);

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
