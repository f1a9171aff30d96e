using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Beddengrid.Runtime;

/// <summary>
/// The one writer of a SQLite grain store. Concurrent writes and clears queue up; the writer takes everything pending
/// (up to a batch size), appends it to the log in one transaction and completes each caller only after that
/// transaction commits, so a write is acknowledged once durable while the cost of the commit's fsync is shared by the
/// whole batch. Under load it lets the next batch gather for up to <see cref="SqliteStorageOptions.CommitInterval"/>.
/// It checks ETags against the in-memory index and publishes to it what each transaction committed.
/// </summary>
/// <remarks>
/// The log keeps superseded rows until they reach its head. Once it holds more than three rows for every live state
/// (plus <see cref="SqliteStorageOptions.LogSlackRows"/>), each transaction that writes also compacts: it copies the
/// live rows among the oldest to the end of the log (looking at up to twice as many oldest rows as it wrote, and
/// copying at most as many as it wrote), and the next transaction deletes the rows it has looked at. Deleting one
/// transaction later means a reader that looked a row up just before it moved finds either the row or, looking again,
/// its copy.
/// </remarks>
internal sealed class SqliteGroupCommitWriter : IAsyncDisposable
{
    private const int MaxCompactionRows = 8_192;

    /// <summary>
    /// ETags the file reserves at a time. Storing the last ETag given in every transaction put one more page into each
    /// commit; storing a ceiling now and then keeps ETags unique across restarts just as well, skipping the rest of a
    /// reservation after one.
    /// </summary>
    private const long EtagReservation = 10_000;

    private readonly Channel<PendingOperation> _pending = Channel.CreateUnbounded<PendingOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly SqliteWriteStatements _statements;
    private readonly SqliteStateIndex _index;
    private readonly int _maxBatchSize;
    private readonly long _logSlackRows;
    private readonly TimeSpan _commitInterval;
    private readonly Task _loop;

    /// <summary>What this batch changed, not yet committed: null where it cleared a state.</summary>
    private readonly Dictionary<StateKey, StateSlot?> _staged = [];

    /// <summary>What a group that may be undone found staged before it changed a state.</summary>
    private readonly List<(StateKey Key, bool WasStaged, StateSlot? Before)> _groupUndo = [];
    private bool _recordingUndo;

    /// <summary>State rows this batch appended, not counting copies.</summary>
    private long _batchAppended;

    private long _lastEtag;
    private long _reservedEtags;

    /// <summary>Rows in the log, live or superseded, as committed.</summary>
    private long _logRows;

    /// <summary>Every row before this one has been deleted.</summary>
    private long _firstRow;

    /// <summary>The next transaction deletes every row before this one: compaction has looked at them all.</summary>
    private long _deleteBefore;

    private long _transactionsCommitted;

    public SqliteGroupCommitWriter(SqliteConnection connection, SqliteStateIndex index, SqliteLogExtent extent, SqliteStorageOptions options)
    {
        _connection = connection;
        _index = index;
        _maxBatchSize = options.MaxBatchSize;
        _logSlackRows = options.LogSlackRows;
        _commitInterval = options.CommitInterval;
        _logRows = extent.Rows;
        _firstRow = _deleteBefore = extent.FirstRow;
        _lastEtag = _reservedEtags = SqliteWriteStatements.LoadReservedEtags(connection);
        _statements = new SqliteWriteStatements(connection);
        // A thread of its own: each commit blocks in fsync, and a blocked pool thread makes the pool start others.
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public long TransactionsCommitted => Interlocked.Read(ref _transactionsCommitted);

    /// <summary>Rows in the log, live or superseded, as of the last commit.</summary>
    public long LogRows => Interlocked.Read(ref _logRows);

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
        return operation.Task;
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
            var started = Stopwatch.GetTimestamp();
            var arrivedMeanwhile = Commit(batch);
            batch.Clear();
            if (arrivedMeanwhile)
            {
                LetNextBatchGather(started);
            }
        }
    }

    /// <summary>
    /// Writes that arrived while a commit ran show the store is under load. Committing them at once would give each
    /// handful its own fsync and its own copies of the log's last pages, so the writer lets them gather until the commit
    /// interval has passed since the last commit started. Sleeping rounds up to whole milliseconds.
    /// </summary>
    private void LetNextBatchGather(long lastCommitStarted)
    {
        var remaining = _commitInterval - Stopwatch.GetElapsedTime(lastCommitStarted);
        if (remaining > TimeSpan.Zero)
        {
            Thread.Sleep((int)Math.Ceiling(remaining.TotalMilliseconds));
        }
    }

    /// <summary>
    /// Commits the batch and completes its callers, and answers whether more writes arrived while it committed. That is
    /// looked at before the callers hear back, so a caller's next write never counts as having arrived meanwhile.
    /// </summary>
    private bool Commit(List<PendingOperation> groups)
    {
        var refusals = new InconsistentStateException?[groups.Count];
        _staged.Clear();
        _batchAppended = 0;
        long copied = 0, deleted = 0, deleteNextBefore = _deleteBefore, reservedEtags = _reservedEtags;
        try
        {
            using var transaction = _connection.BeginTransaction();
            if (_deleteBefore > _firstRow)
            {
                deleted = _statements.DeleteBefore(_deleteBefore);
            }
            for (var i = 0; i < groups.Count; i++)
            {
                refusals[i] = Apply(groups[i]);
            }
            if (_batchAppended > 0 && _logRows - deleted + _batchAppended > 3L * _index.Count + _logSlackRows)
            {
                (copied, deleteNextBefore) = CompactHead((int)Math.Min(2 * _batchAppended, MaxCompactionRows), _batchAppended);
            }
            if (_lastEtag > _reservedEtags)
            {
                reservedEtags = _lastEtag + EtagReservation;
                _statements.SaveReservedEtags(reservedEtags);
            }
            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Nothing of this batch is stored, so every caller learns why; the writer itself keeps serving later batches.
            foreach (var group in groups)
            {
                Complete(group, ex);
            }
            return false;
        }
        _reservedEtags = reservedEtags;
        Publish();
        Interlocked.Add(ref _logRows, _batchAppended + copied - deleted);
        _firstRow = _deleteBefore;
        _deleteBefore = deleteNextBefore;
        Interlocked.Increment(ref _transactionsCommitted);
        var arrivedMeanwhile = _pending.Reader.TryPeek(out _);
        for (var i = 0; i < groups.Count; i++)
        {
            Complete(groups[i], refusals[i]);
        }
        return arrivedMeanwhile;
    }

    /// <summary>
    /// Copies the live rows among the log's oldest (up to <paramref name="limit"/> rows, and at most
    /// <paramref name="maxCopies"/> copies) to its end, and answers how many it copied and the row before which everything
    /// may now be deleted. Rows this batch appended can be among them only in a log smaller than the batch; copying one of
    /// those is as correct as copying any other live row. Bounding the copies by what the batch wrote keeps compaction from
    /// tripling a batch's writes where the oldest rows are all live, such as the seeded grid when compaction first starts.
    /// </summary>
    private (long Copied, long DeleteBefore) CompactHead(int limit, long maxCopies)
    {
        var deleteBefore = _deleteBefore;
        var copied = 0L;
        foreach (var (row, key) in _statements.Head(_deleteBefore, limit))
        {
            if (Current(key) is { } slot && slot.Row == row)
            {
                if (copied == maxCopies)
                {
                    break;
                }
                Stage(key, slot with { Row = _statements.CopyToEnd(row) });
                copied++;
            }
            deleteBefore = row + 1;
        }
        return (copied, deleteBefore);
    }

    private void Publish()
    {
        foreach (var (key, slot) in _staged)
        {
            if (slot is { } stored)
            {
                _index.Set(key, stored);
            }
            else
            {
                _index.Remove(key);
            }
        }
    }

    private static void Complete(PendingOperation first, Exception? failure)
    {
        for (var operation = first; operation is not null; operation = operation.NextTogether)
        {
            if (failure is null)
            {
                operation.TrySetResult(operation.NewEtag);
            }
            else
            {
                operation.TrySetException(failure);
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
        var appendedBefore = _batchAppended;
        if (undoable)
        {
            _statements.BeginGroup();
            _groupUndo.Clear();
            _recordingUndo = true;
        }
        try
        {
            for (var operation = first; operation is not null; operation = operation.NextTogether)
            {
                if (operation.AppendRow is null && !TryApplyStateOperation(operation))
                {
                    if (undoable)
                    {
                        _statements.UndoGroup();
                        UndoStaging();
                        _batchAppended = appendedBefore;
                    }
                    return Conflict(operation);
                }
            }
        }
        finally
        {
            _recordingUndo = false;
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

    /// <summary>
    /// Checks the operation's expected ETag against the latest version, committed or staged in this batch, and appends
    /// the new version (or, for a clear, a row that marks the state cleared).
    /// </summary>
    private bool TryApplyStateOperation(PendingOperation operation)
    {
        var key = new StateKey(operation.StateName, operation.GrainId.Type, operation.GrainId.Key);
        var current = Current(key);
        if (current?.Etag != operation.ExpectedEtag)
        {
            return false;
        }
        if (operation.Data is null)
        {
            if (current is { } cleared)
            {
                _statements.AppendState(key, cleared.Etag, data: null);
                _batchAppended++;
                Stage(key, null);
            }
            return true;
        }
        var etag = ++_lastEtag;
        var row = _statements.AppendState(key, etag, operation.Data);
        _batchAppended++;
        operation.NewEtag = etag;
        Stage(key, new StateSlot(row, etag));
        return true;
    }

    private StateSlot? Current(StateKey key) =>
        _staged.TryGetValue(key, out var staged) ? staged
        : _index.TryGet(key, out var committed) ? committed
        : null;

    private void Stage(StateKey key, StateSlot? slot)
    {
        if (_recordingUndo)
        {
            _groupUndo.Add(_staged.TryGetValue(key, out var before) ? (key, true, before) : (key, false, null));
        }
        _staged[key] = slot;
    }

    private void UndoStaging()
    {
        for (var i = _groupUndo.Count - 1; i >= 0; i--)
        {
            var (key, wasStaged, before) = _groupUndo[i];
            if (wasStaged)
            {
                _staged[key] = before;
            }
            else
            {
                _staged.Remove(key);
            }
        }
        _groupUndo.Clear();
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
