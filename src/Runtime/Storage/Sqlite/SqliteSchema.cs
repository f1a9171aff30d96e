using Microsoft.Data.Sqlite;

namespace Beddengrid.Runtime;

/// <summary>Creates the grain-state schema in a new database and refuses a database of another schema version.</summary>
internal static class SqliteSchema
{
    public const long CurrentVersion = 1;

    private const string CreateVersion1 = """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        CREATE TABLE etag_sequence (last_etag INTEGER NOT NULL);
        CREATE TABLE grain_state (
            state_name TEXT NOT NULL,
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            partition TEXT NOT NULL,
            etag INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (state_name, grain_type, grain_key)
        ) WITHOUT ROWID;
        CREATE INDEX grain_state_by_partition ON grain_state (state_name, grain_type, partition);
        INSERT INTO schema_version (version) VALUES (1);
        INSERT INTO etag_sequence (last_etag) VALUES (0);
        """;

    public static void EnsureCurrent(SqliteConnection connection, string filePath)
    {
        using var transaction = connection.BeginTransaction();
        var found = ReadVersion(connection, transaction);
        if (found is null)
        {
            Execute(connection, transaction, CreateVersion1);
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
