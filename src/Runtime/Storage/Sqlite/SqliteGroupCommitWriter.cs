using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Beddengrid.Runtime;

/// <summary>
/// The one writer of a SQLite grain store. Concurrent writes and clears queue up; the writer takes everything pending
/// (up to a batch size), applies it in one transaction and completes each caller only after that transaction commits,
/// so a write is acknowledged once durable while the cost of the commit's fsync is shared by the whole batch.
/// </summary>
internal sealed class SqliteGroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<PendingOperation> _pending = Channel.CreateUnbounded<PendingOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly SqliteWriteStatements _statements;
    private readonly int _maxBatchSize;
    private readonly Task _loop;
    private long _lastEtag;
    private long _transactionsCommitted;

    public SqliteGroupCommitWriter(SqliteConnection connection, int maxBatchSize)
    {
        _connection = connection;
        _maxBatchSize = maxBatchSize;
        _lastEtag = SqliteWriteStatements.LoadLastEtag(connection);
        _statements = new SqliteWriteStatements(connection);
        // A thread of its own: each commit blocks in fsync, and a blocked pool thread makes the pool start others.
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public long TransactionsCommitted => Interlocked.Read(ref _transactionsCommitted);

    [ThreadStatic]
    private static Group? t_group;

    public Task<long?> EnqueueAsync(PendingOperation operation)
    {
        if (t_group is { } group && group.Writer == this)
        {
            group.Add(operation);
        }
        else
        {
            Submit(operation);
        }
        return operation.Completion.Task;
    }

    /// <summary>
    /// Until the returned scope is disposed, operations this thread enqueues wait and then go to the queue as one
    /// group, which a batch never splits: they commit in the same transaction or fail together.
    /// </summary>
    public IDisposable Together()
    {
        var group = new Group(this, t_group);
        t_group = group;
        return group;
    }

    private void Submit(PendingOperation first)
    {
        if (!_pending.Writer.TryWrite(first))
        {
            throw new ObjectDisposedException(nameof(SqliteGrainStorage), "The SQLite grain store is closed and accepts no more writes.");
        }
    }

    /// <summary>Stops accepting operations, commits everything already queued, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
        _statements.Dispose();
        await _connection.DisposeAsync();
    }

    private void Run()
    {
        // Each item is the first operation of a group (most groups are one operation); the batch limit counts operations.
        var batch = new List<PendingOperation>(_maxBatchSize);
        while (_pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var operations = 0;
            while (operations < _maxBatchSize && _pending.Reader.TryRead(out var first))
            {
                batch.Add(first);
                for (var next = first; next is not null; next = next.NextTogether)
                {
                    operations++;
                }
            }
            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<PendingOperation> groups)
    {
        var refusals = new InconsistentStateException?[groups.Count];
        try
        {
            using var transaction = _connection.BeginTransaction();
            for (var i = 0; i < groups.Count; i++)
            {
                refusals[i] = Apply(groups[i]);
            }
            _statements.SaveLastEtag(_lastEtag);
            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Nothing of this batch is stored, so every caller learns why; the writer itself keeps serving later batches.
            foreach (var group in groups)
            {
                Complete(group, ex);
            }
            return;
        }
        Interlocked.Increment(ref _transactionsCommitted);
        for (var i = 0; i < groups.Count; i++)
        {
            Complete(groups[i], refusals[i]);
        }
    }

    private static void Complete(PendingOperation first, Exception? failure)
    {
        for (var operation = first; operation is not null; operation = operation.NextTogether)
        {
            if (failure is null)
            {
                operation.Completion.TrySetResult(operation.NewEtag);
            }
            else
            {
                operation.Completion.TrySetException(failure);
            }
        }
    }

    /// <summary>
    /// Applies one group, all or nothing: when the ETag of any of its writes or clears does not match, nothing of the
    /// group stays applied and every member is refused with that conflict, so a state write is never refused while the
    /// audit entry of its transition commits. Appends cannot be refused and go last, so a group with a single write or
    /// clear (a state write and its audit entry) needs no savepoint to take anything back.
    /// </summary>
    private InconsistentStateException? Apply(PendingOperation first)
    {
        var undoable = StateOperations(first) > 1;
        if (undoable)
        {
            _statements.BeginGroup();
        }
        for (var operation = first; operation is not null; operation = operation.NextTogether)
        {
            if (operation.AppendRow is null && !TryApplyStateOperation(operation))
            {
                if (undoable)
                {
                    _statements.UndoGroup();
                }
                return Conflict(operation);
            }
        }
        for (var operation = first; operation is not null; operation = operation.NextTogether)
        {
            if (operation.AppendRow is { } row)
            {
                _statements.Append(row.InsertSql, row.Values);
            }
        }
        if (undoable)
        {
            _statements.EndGroup();
        }
        return null;
    }

    private static int StateOperations(PendingOperation first)
    {
        var count = 0;
        for (var operation = first; operation is not null; operation = operation.NextTogether)
        {
            count += operation.AppendRow is null ? 1 : 0;
        }
        return count;
    }

    private bool TryApplyStateOperation(PendingOperation operation)
    {
        if (operation.Data is null)
        {
            return _statements.TryClear(operation);
        }
        operation.NewEtag = ++_lastEtag;
        return _statements.TryWrite(operation, operation.NewEtag.Value);
    }

    private static InconsistentStateException Conflict(PendingOperation refused) =>
        GrainStorageErrors.EtagConflict(refused.StateName, refused.GrainId, refused.ExpectedEtag?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Operations enqueued on one thread inside <see cref="Together"/>, chained and queued as one item.</summary>
    private sealed class Group(SqliteGroupCommitWriter writer, Group? outer) : IDisposable
    {
        private PendingOperation? _first;
        private PendingOperation? _last;

        public SqliteGroupCommitWriter Writer => writer;

        public void Add(PendingOperation operation)
        {
            if (_last is null)
            {
                _first = operation;
            }
            else
            {
                _last.NextTogether = operation;
            }
            _last = operation;
        }

        public void Dispose()
        {
            t_group = outer;
            if (_first is not null)
            {
                writer.Submit(_first);
            }
        }
    }
}
