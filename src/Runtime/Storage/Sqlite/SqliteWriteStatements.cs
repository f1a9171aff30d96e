using Microsoft.Data.Sqlite;

namespace Beddengrid.Runtime;

/// <summary>
/// The writer connection's prepared statements, reused across every group commit. Each check of an ETag is part of
/// the statement's WHERE clause, so a conflict shows as zero rows changed and never aborts the surrounding transaction.
/// </summary>
internal sealed class SqliteWriteStatements : IDisposable
{
    private const string KeyMatch = "state_name = $state_name AND grain_type = $grain_type AND grain_key = $grain_key";

    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _exists;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _saveLastEtag;
    private readonly SqliteCommand _beginGroup;
    private readonly SqliteCommand _undoGroup;
    private readonly SqliteCommand _endGroup;
    private readonly SqliteCommand[] _all;
    private readonly Dictionary<string, SqliteCommand> _appends = [];
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    public SqliteWriteStatements(SqliteConnection connection)
    {
        _connection = connection;
        _insert = Create(connection, """
            INSERT INTO grain_state (state_name, grain_type, grain_key, partition, etag, data)
            VALUES ($state_name, $grain_type, $grain_key, $partition, $new_etag, $data)
            ON CONFLICT DO NOTHING
            """, "$state_name", "$grain_type", "$grain_key", "$partition", "$new_etag", "$data");
        _update = Create(connection, $"UPDATE grain_state SET etag = $new_etag, data = $data WHERE {KeyMatch} AND etag = $expected_etag",
            "$state_name", "$grain_type", "$grain_key", "$expected_etag", "$new_etag", "$data");
        _exists = Create(connection, $"SELECT EXISTS (SELECT 1 FROM grain_state WHERE {KeyMatch})",
            "$state_name", "$grain_type", "$grain_key");
        _delete = Create(connection, $"DELETE FROM grain_state WHERE {KeyMatch} AND etag = $expected_etag",
            "$state_name", "$grain_type", "$grain_key", "$expected_etag");
        _saveLastEtag = Create(connection, "UPDATE etag_sequence SET last_etag = $last_etag", "$last_etag");
        _beginGroup = Create(connection, "SAVEPOINT together_group");
        _undoGroup = Create(connection, "ROLLBACK TO together_group; RELEASE together_group");
        _endGroup = Create(connection, "RELEASE together_group");
        _all = [_insert, _update, _exists, _delete, _saveLastEtag, _beginGroup, _undoGroup, _endGroup];
    }

    public static long LoadLastEtag(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_etag FROM etag_sequence";
        return (long)command.ExecuteScalar()!;
    }

    public void Enlist(SqliteTransaction transaction)
    {
        _transaction = transaction;
        foreach (var command in _all.Concat(_appends.Values))
        {
            command.Transaction = transaction;
        }
    }

    /// <summary>Inserts a side-table row with a statement prepared once per distinct SQL text; parameters are $p0, $p1, ….</summary>
    public void Append(string insertSql, object?[] values)
    {
        if (!_appends.TryGetValue(insertSql, out var command))
        {
            command = Create(_connection, insertSql, [.. values.Select((_, i) => $"$p{i}")]);
            command.Transaction = _transaction;
            _appends[insertSql] = command;
        }
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        command.ExecuteNonQuery();
    }

    /// <summary>Marks where a group of operations starts, so that <see cref="UndoGroup"/> can take back what it applied.</summary>
    public void BeginGroup() => _beginGroup.ExecuteNonQuery();

    /// <summary>Takes back everything applied since <see cref="BeginGroup"/>; the surrounding transaction goes on.</summary>
    public void UndoGroup() => _undoGroup.ExecuteNonQuery();

    public void EndGroup() => _endGroup.ExecuteNonQuery();

    /// <summary>Stores the write's data under <paramref name="newEtag"/>; false when its expected ETag does not match.</summary>
    public bool TryWrite(PendingOperation write, long newEtag) => write switch
    {
        { ExpectedEtag: null } => Run(_insert, write, ("$partition", write.GrainId.Partition), ("$new_etag", newEtag), ("$data", write.Data!)) == 1,
        { ExpectedEtag: { } expected } => Run(_update, write, ("$expected_etag", expected), ("$new_etag", newEtag), ("$data", write.Data!)) == 1,
    };

    /// <summary>Removes the record; false when its expected ETag does not match (a record exists though none was expected, or the expected one is gone).</summary>
    public bool TryClear(PendingOperation clear) => clear.ExpectedEtag switch
    {
        null => !Exists(clear),
        { } expected => Run(_delete, clear, ("$expected_etag", expected)) == 1,
    };

    public void SaveLastEtag(long lastEtag)
    {
        _saveLastEtag.Parameters["$last_etag"].Value = lastEtag;
        _saveLastEtag.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _all.Concat(_appends.Values))
        {
            command.Dispose();
        }
    }

    private bool Exists(PendingOperation operation)
    {
        SetKey(_exists, operation);
        return (long)_exists.ExecuteScalar()! == 1;
    }

    private static int Run(SqliteCommand command, PendingOperation operation, params ReadOnlySpan<(string Name, object Value)> values)
    {
        SetKey(command, operation);
        foreach (var (name, value) in values)
        {
            command.Parameters[name].Value = value;
        }
        return command.ExecuteNonQuery();
    }

    private static void SetKey(SqliteCommand command, PendingOperation operation)
    {
        command.Parameters["$state_name"].Value = operation.StateName;
        command.Parameters["$grain_type"].Value = operation.GrainId.Type;
        command.Parameters["$grain_key"].Value = operation.GrainId.Key;
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }
}
