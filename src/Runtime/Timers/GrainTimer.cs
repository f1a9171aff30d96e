namespace Beddengrid.Runtime;

/// <summary>
/// A timer whose ticks are queued as turns of its activation. The underlying timer is one-shot and re-armed only when
/// a tick has completed, so ticks never overlap each other or a request.
/// </summary>
internal sealed class GrainTimer(Activation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) : IGrainTimer
{
    /// <summary>The longest wait the system's timers accept (about 49.7 days); longer waits are taken in steps.</summary>
    private static readonly TimeSpan MaxStep = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _arming = new();
    private ITimer? _timer;
    private TimeSpan _period = period;
    private TimeSpan _leftAfterStep;

    public void Start()
    {
        lock (_arming)
        {
            _timer = activation.Runtime.TimeProvider.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Arm(dueTime);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_arming)
        {
            _period = period;
            Arm(dueTime);
        }
    }

    public Task TickAsync() => _disposed.IsCancellationRequested ? Task.CompletedTask : callback(_disposed.Token);

    public void OnTickCompleted()
    {
        lock (_arming)
        {
            if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
            {
                Arm(_period);
            }
        }
    }

    /// <summary>Must hold <see cref="_arming"/>.</summary>
    private void Arm(TimeSpan wait)
    {
        var step = wait > MaxStep ? MaxStep : wait;
        _leftAfterStep = wait > MaxStep ? wait - MaxStep : TimeSpan.Zero;
        _timer?.Change(step, Timeout.InfiniteTimeSpan);
    }

    private void OnDue()
    {
        lock (_arming)
        {
            if (_leftAfterStep > TimeSpan.Zero)
            {
                Arm(_leftAfterStep);
                return;
            }
        }
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
