using Beddengrid.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Beddengrid.Grains;

/// <summary>
/// The audit log in the SQLite store's own file. Entries go through the store's group commit, so there is one writer
/// per file and an append is acknowledged only after its transaction has committed. Queries by case, location and time
/// go through <see cref="SqliteAuditIndex"/>, a file beside it.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog, IAsyncDisposable
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
        DROP INDEX IF EXISTS audit_by_case;
        DROP INDEX IF EXISTS audit_by_location;
        DROP INDEX IF EXISTS audit_by_time;
        """;

    private const string Columns = "at_ticks, actor, subject, subject_key, event, placement_id, case_reference, detail, rowid AS entry";

    /// <summary>How long the index waits for more entries when it has caught up with the log.</summary>
    public static readonly TimeSpan IndexInterval = TimeSpan.FromSeconds(1);

    private readonly SqliteGrainStorage _store;
    private readonly string _readConnectionString;
    private readonly SqliteAuditIndex _index;

    public SqliteAuditLog(SqliteGrainStorage store, string filePath, ILogger<SqliteAuditLog>? logger = null)
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
        _index = new SqliteAuditIndex(filePath, IndexFilePath(filePath), IndexInterval, logger);
    }

    /// <summary>The index's file: beside the store's, named after it.</summary>
    public static string IndexFilePath(string filePath) =>
        Path.Combine(Path.GetDirectoryName(filePath) ?? "", Path.GetFileNameWithoutExtension(filePath) + "-audit-index.db");

    /// <summary>The last entry (by row) that the index holds; entries after it are found by reading the log.</summary>
    public long IndexedThrough => _index.IndexedThrough;

    public IDisposable Together() => _store.Together();

    public Task AppendAsync(AuditEntry entry) =>
        _store.AppendAsync(Insert, entry.At.UtcTicks, entry.Actor, entry.Subject, entry.SubjectKey, entry.Event, entry.PlacementId, entry.CaseReference, entry.LocationCode, entry.Detail);

    public async Task<IReadOnlyList<AuditEntry>> ForCaseAsync(string caseReference) =>
        await Read(await _index.ForCaseAsync(caseReference), "case_reference = $key", command => command.Parameters.AddWithValue("$key", caseReference));

    public async Task<IReadOnlyList<AuditEntry>> ForLocationAsync(string locationCode) =>
        await Read(await _index.ForLocationAsync(locationCode), "location_code = $key", command => command.Parameters.AddWithValue("$key", locationCode));

    public async Task<IReadOnlyList<AuditEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to) =>
        await Read(await _index.BetweenAsync(from.UtcTicks, to.UtcTicks), "at_ticks >= $from AND at_ticks < $to", command =>
        {
            command.Parameters.AddWithValue("$from", from.UtcTicks);
            command.Parameters.AddWithValue("$to", to.UtcTicks);
        });

    public ValueTask DisposeAsync() => _index.DisposeAsync();

    /// <summary>The entries the index found, then those after the last entry it holds that match <paramref name="where"/>, in the order they were appended.</summary>
    private async Task<IReadOnlyList<AuditEntry>> Read((long Through, long[] Entries) found, string where, Action<SqliteCommand> bind)
    {
        await using var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM audit_log WHERE rowid IN (SELECT value FROM json_each($entries))
            UNION ALL
            SELECT {Columns} FROM audit_log WHERE rowid > $through AND {where}
            ORDER BY entry
            """;
        command.Parameters.AddWithValue("$entries", "[" + string.Join(',', found.Entries) + "]");
        command.Parameters.AddWithValue("$through", found.Through);
        bind(command);
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
