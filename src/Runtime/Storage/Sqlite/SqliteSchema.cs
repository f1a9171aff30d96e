using Microsoft.Data.Sqlite;

namespace Beddengrid.Runtime;

/// <summary>
/// Creates the grain-state schema in a new database, brings a database of an older schema version up to date, and
/// refuses one of a newer version.
/// </summary>
/// <remarks>
/// Version 2 keeps grain state as an append-only log (<c>grain_log</c>): a write appends a row and never updates one in
/// place, so a commit dirties the log's last pages rather than one page per grain somewhere in a B-tree. Version 1
/// updated rows in place, and a placement's commits wrote about 30 pages each to the WAL (BENCHMARKS.md).
/// </remarks>
internal static class SqliteSchema
{
    public const long CurrentVersion = 2;

    private const string CreateLog = """
        CREATE TABLE grain_log (
            row INTEGER PRIMARY KEY,
            state_name TEXT NOT NULL,
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            etag INTEGER NOT NULL,
            data BLOB);
        """;

    private const string CreateVersion2 = $"""
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        CREATE TABLE etag_sequence (last_etag INTEGER NOT NULL);
        {CreateLog}
        INSERT INTO schema_version (version) VALUES (2);
        INSERT INTO etag_sequence (last_etag) VALUES (0);
        """;

    private const string MigrateVersion1 = $"""
        {CreateLog}
        INSERT INTO grain_log (state_name, grain_type, grain_key, etag, data)
            SELECT state_name, grain_type, grain_key, etag, data FROM grain_state ORDER BY etag;
        DROP TABLE grain_state;
        UPDATE schema_version SET version = 2;
        """;

    public static void EnsureCurrent(SqliteConnection connection, string filePath)
    {
        using var transaction = connection.BeginTransaction();
        var found = ReadVersion(connection, transaction);
        if (found is null)
        {
            Execute(connection, transaction, CreateVersion2);
        }
        else if (found == 1)
        {
            Execute(connection, transaction, MigrateVersion1);
        }
        else if (found != CurrentVersion)
        {
            throw new StorageSchemaVersionException($"SQLite grain store '{filePath}'", found.Value, CurrentVersion);
        }
        transaction.Commit();
    }

    private static long? ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'";
        if (command.ExecuteScalar() is null)
        {
            return null;
        }
        command.CommandText = "SELECT ifnull(max(version), 0) FROM schema_version";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
