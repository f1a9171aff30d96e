using Beddengrid.Runtime;

namespace Beddengrid.Testing;

/// <summary>
/// A store that passes everything on, except the writes a test tells it to fail, as a store failing for a moment would,
/// or to hold back, as a slow store would.
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly Lock _lock = new();
    private string? _failingType;
    private int _writesBeforeFailing;
    private int _failuresLeft;
    private string? _heldBackType;
    private TaskCompletionSource? _heldBack;
    private int _writesHeldBack;

    /// <summary>
    /// After <paramref name="after"/> more writes to grains of <paramref name="grainType"/> succeed, the next
    /// <paramref name="count"/> fail with an <see cref="IOException"/>.
    /// </summary>
    public void FailNextWrites(string grainType, int count = 1, int after = 0)
    {
        lock (_lock)
        {
            (_failingType, _writesBeforeFailing, _failuresLeft) = (grainType, after, count);
        }
    }

    /// <summary>Writes to grains of <paramref name="grainType"/> wait from now on until <see cref="LetWritesThrough"/>.</summary>
    public void HoldBackWrites(string grainType)
    {
        lock (_lock)
        {
            (_heldBackType, _heldBack) = (grainType, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>Writes held back and not yet let through.</summary>
    public int WritesHeldBack => Volatile.Read(ref _writesHeldBack);

    public void LetWritesThrough()
    {
        TaskCompletionSource? heldBack;
        lock (_lock)
        {
            (heldBack, _heldBackType, _heldBack) = (_heldBack, null, null);
        }
        heldBack?.SetResult();
    }

    /// <summary>How many writes have failed so far.</summary>
    public int FailedWrites { get; private set; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Fails(grainId))
        {
            return Task.FromException(new IOException($"The store failed to write {grainId}."));
        }
        TaskCompletionSource? heldBack;
        lock (_lock)
        {
            heldBack = grainId.Type == _heldBackType ? _heldBack : null;
        }
        return heldBack is null ? inner.WriteStateAsync(stateName, grainId, grainState) : WriteLater(heldBack.Task, stateName, grainId, grainState);
    }

    private async Task WriteLater<T>(Task letThrough, string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _writesHeldBack);
        await letThrough;
        Interlocked.Decrement(ref _writesHeldBack);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public IAsyncEnumerable<(GrainId GrainId, IGrainState<T> State)> ReadPartitionAsync<T>(string stateName, string grainType, string partition, CancellationToken cancellationToken = default) =>
        inner.ReadPartitionAsync<T>(stateName, grainType, partition, cancellationToken);

    private bool Fails(GrainId grainId)
    {
        lock (_lock)
        {
            if (grainId.Type != _failingType || _failuresLeft == 0)
            {
                return false;
            }
            if (_writesBeforeFailing > 0)
            {
                _writesBeforeFailing--;
                return false;
            }
            _failuresLeft--;
            FailedWrites++;
            return true;
        }
    }
}
