using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Beddengrid.Runtime;

/// <summary>
/// The writer connection's prepared statements, reused across every group commit. They run on SQLite's own API rather
/// than through ADO.NET commands: the writer is the store's one serial path, and the commands' per-call work (parameter
/// lookup by name, a data reader per statement) was a large part of its time.
/// </summary>
internal sealed class SqliteWriteStatements : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _append;
    private readonly sqlite3_stmt _copy;
    private readonly sqlite3_stmt _head;
    private readonly sqlite3_stmt _deleteBefore;
    private readonly sqlite3_stmt _saveReservedEtags;
    private readonly sqlite3_stmt _beginGroup;
    private readonly sqlite3_stmt _undoGroup;
    private readonly sqlite3_stmt _releaseGroup;
    private readonly Dictionary<string, sqlite3_stmt> _appends = [];

    public SqliteWriteStatements(SqliteConnection connection)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The writer connection must be open.");
        _append = Prepare("INSERT INTO grain_log (state_name, grain_type, grain_key, etag, data) VALUES (?1, ?2, ?3, ?4, ?5)");
        _copy = Prepare("INSERT INTO grain_log (state_name, grain_type, grain_key, etag, data) SELECT state_name, grain_type, grain_key, etag, data FROM grain_log WHERE row = ?1");
        _head = Prepare("SELECT row, state_name, grain_type, grain_key FROM grain_log WHERE row >= ?1 ORDER BY row LIMIT ?2");
        _deleteBefore = Prepare("DELETE FROM grain_log WHERE row < ?1");
        _saveReservedEtags = Prepare("UPDATE etag_sequence SET last_etag = ?1");
        _beginGroup = Prepare("SAVEPOINT together_group");
        _undoGroup = Prepare("ROLLBACK TO together_group");
        _releaseGroup = Prepare("RELEASE together_group");
    }

    /// <summary>The ETags given so far are all at or below this one.</summary>
    public static long LoadReservedEtags(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_etag FROM etag_sequence";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Appends a version of a state to the log (null data marks it cleared) and answers its row.</summary>
    public long AppendState(StateKey key, long etag, byte[]? data)
    {
        Check(raw.sqlite3_bind_text(_append, 1, key.StateName));
        Check(raw.sqlite3_bind_text(_append, 2, key.GrainType));
        Check(raw.sqlite3_bind_text(_append, 3, key.GrainKey));
        Check(raw.sqlite3_bind_int64(_append, 4, etag));
        Check(data is null ? raw.sqlite3_bind_null(_append, 5) : raw.sqlite3_bind_blob(_append, 5, data));
        Run(_append);
        return raw.sqlite3_last_insert_rowid(_database);
    }

    /// <summary>Appends a copy of a row at the end of the log, ETag and data unchanged, and answers the copy's row.</summary>
    public long CopyToEnd(long row)
    {
        Check(raw.sqlite3_bind_int64(_copy, 1, row));
        Run(_copy);
        return raw.sqlite3_last_insert_rowid(_database);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows from <paramref name="from"/> on, oldest first, read in full before the caller
    /// appends anything to the log.
    /// </summary>
    public List<(long Row, StateKey Key)> Head(long from, int limit)
    {
        Check(raw.sqlite3_bind_int64(_head, 1, from));
        Check(raw.sqlite3_bind_int64(_head, 2, limit));
        var rows = new List<(long, StateKey)>(limit);
        try
        {
            int result;
            while ((result = raw.sqlite3_step(_head)) == raw.SQLITE_ROW)
            {
                rows.Add((raw.sqlite3_column_int64(_head, 0), new StateKey(
                    raw.sqlite3_column_text(_head, 1).utf8_to_string(),
                    raw.sqlite3_column_text(_head, 2).utf8_to_string(),
                    raw.sqlite3_column_text(_head, 3).utf8_to_string())));
            }
            Check(result, raw.SQLITE_DONE);
        }
        finally
        {
            raw.sqlite3_reset(_head);
        }
        return rows;
    }

    /// <summary>Deletes every row before <paramref name="row"/> and answers how many there were.</summary>
    public int DeleteBefore(long row)
    {
        Check(raw.sqlite3_bind_int64(_deleteBefore, 1, row));
        return Run(_deleteBefore);
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

    public void SaveReservedEtags(long reservedThrough)
    {
        Check(raw.sqlite3_bind_int64(_saveReservedEtags, 1, reservedThrough));
        Run(_saveReservedEtags);
    }

    public void Dispose()
    {
        foreach (var statement in new[] { _append, _copy, _head, _deleteBefore, _saveReservedEtags, _beginGroup, _undoGroup, _releaseGroup }.Concat(_appends.Values))
        {
            statement.Dispose();
        }
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
