namespace Beddengrid.Runtime;

/// <summary>
/// A timer whose ticks are queued as turns of its activation. The underlying timer is one-shot and re-armed only when
/// a tick has completed, so ticks never overlap each other or a request.
/// </summary>
internal sealed class GrainTimer(Activation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) : IGrainTimer
{
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;
    private TimeSpan _period = period;

    public void Start() =>
        _timer = activation.Runtime.TimeProvider.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, dueTime, Timeout.InfiniteTimeSpan);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        _timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public Task TickAsync() => _disposed.IsCancellationRequested ? Task.CompletedTask : callback(_disposed.Token);

    public void OnTickCompleted()
    {
        if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
        {
            _timer?.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        if (!_disposed.IsCancellationRequested && !activation.Post(new TimerTickMessage(this)))
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        _timer?.Dispose();
        activation.RemoveTimer(this);
    }
}
