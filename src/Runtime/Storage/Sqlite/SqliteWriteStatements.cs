using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Beddengrid.Runtime;

/// <summary>
/// The writer connection's prepared statements, reused across every group commit. Each check of an ETag is part of
/// the statement's WHERE clause, so a conflict shows as zero rows changed and never aborts the surrounding transaction.
/// They run on SQLite's own API rather than through ADO.NET commands: the writer is the store's one serial path, and
/// the commands' per-call work (parameter lookup by name, a data reader per statement) was a large part of its time.
/// </summary>
internal sealed class SqliteWriteStatements : IDisposable
{
    private const string KeyMatch = "state_name = ?1 AND grain_type = ?2 AND grain_key = ?3";

    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _update;
    private readonly sqlite3_stmt _exists;
    private readonly sqlite3_stmt _delete;
    private readonly sqlite3_stmt _saveLastEtag;
    private readonly sqlite3_stmt _beginGroup;
    private readonly sqlite3_stmt _undoGroup;
    private readonly sqlite3_stmt _releaseGroup;
    private readonly Dictionary<string, sqlite3_stmt> _appends = [];

    public SqliteWriteStatements(SqliteConnection connection)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The writer connection must be open.");
        _insert = Prepare("INSERT INTO grain_state (state_name, grain_type, grain_key, partition, etag, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
        _update = Prepare($"UPDATE grain_state SET etag = ?5, data = ?6 WHERE {KeyMatch} AND etag = ?4");
        _exists = Prepare($"SELECT EXISTS (SELECT 1 FROM grain_state WHERE {KeyMatch})");
        _delete = Prepare($"DELETE FROM grain_state WHERE {KeyMatch} AND etag = ?4");
        _saveLastEtag = Prepare("UPDATE etag_sequence SET last_etag = ?1");
        _beginGroup = Prepare("SAVEPOINT together_group");
        _undoGroup = Prepare("ROLLBACK TO together_group");
        _releaseGroup = Prepare("RELEASE together_group");
    }

    public static long LoadLastEtag(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_etag FROM etag_sequence";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Inserts a side-table row with a statement prepared once per distinct SQL text, whose parameters ($p0, $p1, …) appear in the order of <paramref name="values"/>.</summary>
    public void Append(string insertSql, object?[] values)
    {
        if (!_appends.TryGetValue(insertSql, out var statement))
        {
            _appends[insertSql] = statement = Prepare(insertSql);
        }
        for (var i = 0; i < values.Length; i++)
        {
            Bind(statement, i + 1, values[i]);
        }
        Run(statement);
    }

    /// <summary>Marks where a group of operations starts, so that <see cref="UndoGroup"/> can take back what it applied.</summary>
    public void BeginGroup() => Run(_beginGroup);

    /// <summary>Takes back everything applied since <see cref="BeginGroup"/>; the surrounding transaction goes on.</summary>
    public void UndoGroup()
    {
        Run(_undoGroup);
        Run(_releaseGroup);
    }

    public void EndGroup() => Run(_releaseGroup);

    /// <summary>Stores the write's data under <paramref name="newEtag"/>; false when its expected ETag does not match.</summary>
    public bool TryWrite(PendingOperation write, long newEtag)
    {
        // Parameter 4 is the expected ETag of an update, the partition of an insert.
        var statement = write.ExpectedEtag is null ? _insert : _update;
        BindKey(statement, write);
        Check(write.ExpectedEtag is { } expected
            ? raw.sqlite3_bind_int64(statement, 4, expected)
            : raw.sqlite3_bind_text(statement, 4, write.GrainId.Partition));
        Check(raw.sqlite3_bind_int64(statement, 5, newEtag));
        Check(raw.sqlite3_bind_blob(statement, 6, write.Data!));
        return Run(statement) == 1;
    }

    /// <summary>Removes the record; false when its expected ETag does not match (a record exists though none was expected, or the expected one is gone).</summary>
    public bool TryClear(PendingOperation clear)
    {
        if (clear.ExpectedEtag is not { } expected)
        {
            return !Exists(clear);
        }
        BindKey(_delete, clear);
        Check(raw.sqlite3_bind_int64(_delete, 4, expected));
        return Run(_delete) == 1;
    }

    public void SaveLastEtag(long lastEtag)
    {
        Check(raw.sqlite3_bind_int64(_saveLastEtag, 1, lastEtag));
        Run(_saveLastEtag);
    }

    public void Dispose()
    {
        foreach (var statement in new[] { _insert, _update, _exists, _delete, _saveLastEtag, _beginGroup, _undoGroup, _releaseGroup }.Concat(_appends.Values))
        {
            statement.Dispose();
        }
    }

    private bool Exists(PendingOperation operation)
    {
        BindKey(_exists, operation);
        try
        {
            Check(raw.sqlite3_step(_exists), raw.SQLITE_ROW);
            return raw.sqlite3_column_int64(_exists, 0) == 1;
        }
        finally
        {
            raw.sqlite3_reset(_exists);
        }
    }

    private void BindKey(sqlite3_stmt statement, PendingOperation operation)
    {
        Check(raw.sqlite3_bind_text(statement, 1, operation.StateName));
        Check(raw.sqlite3_bind_text(statement, 2, operation.GrainId.Type));
        Check(raw.sqlite3_bind_text(statement, 3, operation.GrainId.Key));
    }

    private void Bind(sqlite3_stmt statement, int index, object? value) => Check(value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        _ => throw new ArgumentException($"An appended row's value {index} is a {value.GetType().Name}; use text, integers, bytes or null.", nameof(value)),
    });

    /// <summary>Steps a statement that returns no rows, resets it for its next use and answers how many rows it changed.</summary>
    private int Run(sqlite3_stmt statement)
    {
        try
        {
            Check(raw.sqlite3_step(statement), raw.SQLITE_DONE);
            return raw.sqlite3_changes(_database);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_database, sql, out var statement));
        return statement;
    }

    private void Check(int result, int expected = raw.SQLITE_OK)
    {
        if (result != expected)
        {
            SqliteException.ThrowExceptionForRC(result, _database);
            throw new SqliteException($"SQLite answered {result} where {expected} was expected.", result);
        }
    }
}
