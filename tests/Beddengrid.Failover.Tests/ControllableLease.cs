namespace Beddengrid.Failover.Tests;

/// <summary>
/// A memory lease row seen through one silo's connection, which a test can cut: while paused, that silo's calls hang
/// until they are cancelled or the pause ends, as they would behind a network partition or a stalled process.
/// </summary>
internal sealed class ControllableLease(MemorySiloLease row) : ISiloLease
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = Opened();
    private int _completedCalls;

    public string ClusterName => row.ClusterName;

    /// <summary>Calls answered so far; a test waits for it to grow to know the keeper has run an attempt.</summary>
    public int CompletedCalls => Volatile.Read(ref _completedCalls);

    public void Pause()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    public Task<SiloLeaseRecord?> ReadAsync(CancellationToken cancellationToken) =>
        WhenOpenAsync(() => row.ReadAsync(cancellationToken), cancellationToken);

    public Task<SiloLeaseRecord?> TryCreateAsync(string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        WhenOpenAsync(() => row.TryCreateAsync(owner, expiresAt, cancellationToken), cancellationToken);

    public Task<SiloLeaseRecord?> TryReplaceAsync(SiloLeaseRecord current, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        WhenOpenAsync(() => row.TryReplaceAsync(current, owner, expiresAt, cancellationToken), cancellationToken);

    private async Task<SiloLeaseRecord?> WhenOpenAsync(Func<Task<SiloLeaseRecord?>> call, CancellationToken cancellationToken)
    {
        Task open;
        lock (_lock)
        {
            open = _open.Task;
        }
        await open.WaitAsync(cancellationToken);
        var result = await call();
        Interlocked.Increment(ref _completedCalls);
        return result;
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
