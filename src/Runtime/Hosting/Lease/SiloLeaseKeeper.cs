using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beddengrid.Runtime;

/// <summary>
/// Holds the cluster's lease for this silo, so that of the silos sharing a store exactly one is active and writes
/// grains. It acquires the lease when the row is absent or lapsed, renews it every <see cref="SiloLeaseOptions.RenewInterval"/>,
/// and fences itself: <see cref="IsActive"/> turns false by this silo's own clock a <see cref="SiloLeaseOptions.SafetyMargin"/>
/// before the expiry it wrote, unless a renewal succeeded meanwhile, so it stops writing before any standby may take over.
/// Every write to the row is conditional (<see cref="ISiloLease"/>), so two standbys racing for a lapsed lease cannot both win.
/// </summary>
public sealed partial class SiloLeaseKeeper : IHostedService, IAsyncDisposable
{
    private readonly ISiloLease _lease;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _duration;
    private readonly TimeSpan _renewInterval;

    // How long after starting a successful write this silo counts itself active: the written duration less the margin.
    private readonly TimeSpan _activeFor;
    private readonly ITimer _fenceTimer;

    // Never disposed: it has no timer and nobody takes its wait handle, so it holds nothing to release, and a
    // StopAsync after DisposeAsync (the host does both) can still cancel it.
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private int _started;
    private Task? _keeping;
    // Written under the lock; read without it by IsActive, which every guarded grain write consults.
    private Tenure? _tenure;
    private bool _reportedActive;
    private TaskCompletionSource _activated = NewSignal();
    private TaskCompletionSource _deactivated = CompletedSignal();

    /// <exception cref="ArgumentException">The timings leave no renewal before the fence, or a name is empty.</exception>
    public SiloLeaseKeeper(ISiloLease lease, SiloLeaseOptions options, TimeProvider timeProvider, ILogger<SiloLeaseKeeper> logger)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.SiloName, nameof(options.SiloName));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Duration, TimeSpan.Zero, nameof(options.Duration));
        var renewInterval = options.RenewInterval ?? options.Duration / 3;
        var safetyMargin = options.SafetyMargin ?? options.Duration / 5;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(renewInterval, TimeSpan.Zero, nameof(options.RenewInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(safetyMargin, TimeSpan.Zero, nameof(options.SafetyMargin));
        if (renewInterval >= options.Duration - safetyMargin)
        {
            throw new ArgumentException(
                $"Lease renew interval {renewInterval} must be shorter than the duration {options.Duration} less the safety margin {safetyMargin}; "
                + "otherwise the silo fences itself before it ever tries to renew.", nameof(options));
        }

        _lease = lease;
        _time = timeProvider;
        _logger = logger;
        _duration = options.Duration;
        _renewInterval = renewInterval;
        _activeFor = options.Duration - safetyMargin;
        // A fresh suffix per start: a restarted silo is a new holder and waits for its predecessor's lease to lapse,
        // rather than trusting a row that a still-running old process may be renewing.
        SiloId = $"{options.SiloName}/{Guid.NewGuid():N}";
        _fenceTimer = timeProvider.CreateTimer(static keeper => ((SiloLeaseKeeper)keeper!).Reconcile(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>This silo, as written in the lease row: its configured name and a suffix unique to this start.</summary>
    public string SiloId { get; }

    public string ClusterName => _lease.ClusterName;

    /// <summary>
    /// True while this silo holds the lease and its last successful write is younger than the duration less the safety
    /// margin. Judged from the clock on every read, so it turns false on time even when no code runs at the fence.
    /// </summary>
    public bool IsActive => Volatile.Read(ref _tenure) is { } tenure && _time.GetElapsedTime(tenure.WrittenFrom) < _activeFor;

    /// <summary>Completes when this silo becomes active; already complete while it is. Each activation period has its own task.</summary>
    public Task WhenActive
    {
        get
        {
            lock (_lock)
            {
                return _activated.Task;
            }
        }
    }

    /// <summary>
    /// Completes when this silo stops being active (fenced, lost, released or disposed); already complete while it is
    /// not active. It may complete a moment after <see cref="IsActive"/> turned false, never before.
    /// </summary>
    public Task WhenInactive
    {
        get
        {
            lock (_lock)
            {
                return _deactivated.Task;
            }
        }
    }

    /// <summary>The longest a caller refused by a standby should wait before the active silo serves: a lapse plus one check.</summary>
    public TimeSpan RetryAfter => _duration + _renewInterval;

    /// <exception cref="SiloNotActiveException">This silo does not hold the lease.</exception>
    public void ThrowIfNotActive()
    {
        if (!IsActive)
        {
            throw new SiloNotActiveException(SiloId, ClusterName, RetryAfter);
        }
    }

    /// <summary>Starts competing for the lease; the first attempt runs before this returns when the store answers at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException($"Lease keeper of silo '{SiloId}' was already started; each keeper starts once.");
        }
        _keeping = KeepAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Stops renewing and releases the lease, so that a standby takes over at its next check instead of after a lapse.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var tenure = await StopKeepingAsync();
        if (tenure is null)
        {
            return;
        }
        try
        {
            // Expiring now, rather than deleting, keeps the row's ETag chain: a standby takes it over with If-Match like any lapsed lease.
            await _lease.TryReplaceAsync(tenure.Row, SiloId, _time.GetUtcNow(), cancellationToken);
            LogReleased(_logger, SiloId, ClusterName);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            LogReleaseFailed(_logger, SiloId, ClusterName, _duration, ex);
        }
    }

    /// <summary>Stops renewing without releasing, as a crash would: a standby takes over once the lease lapses.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopKeepingAsync();
        await _fenceTimer.DisposeAsync();
    }

    /// <summary>Ends the renew loop and this silo's active period; returns the tenure it held, if any.</summary>
    private async Task<Tenure?> StopKeepingAsync()
    {
        await _stopping.CancelAsync();
        if (_keeping is { } keeping)
        {
            await keeping;
        }
        lock (_lock)
        {
            var tenure = _tenure;
            _tenure = null;
            ReconcileLocked();
            return tenure;
        }
    }

    private async Task KeepAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var startedAt = _time.GetTimestamp();
            await KeepOnceAsync(startedAt, stopping);
            try
            {
                // Attempts start every renew interval, however long the last one took.
                var wait = _renewInterval - _time.GetElapsedTime(startedAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task KeepOnceAsync(long startedAt, CancellationToken stopping)
    {
        Tenure? tenure;
        lock (_lock)
        {
            tenure = _tenure;
        }
        var now = _time.GetUtcNow();
        // An attempt that hangs must not hold up the next one: after a renew interval it is given up.
        using var timeout = new CancellationTokenSource(_renewInterval, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            var row = tenure is null ? null : await _lease.TryReplaceAsync(tenure.Row, SiloId, now + _duration, attempt.Token);
            // A renewal refused on an ETag may still be ours to retake: an earlier renewal whose answer never came
            // may have landed and moved the ETag on. Only a row that another silo holds means the lease is lost.
            row ??= await TryAcquireAsync(now, attempt.Token);
            Settle(tenure, row is null ? null : new Tenure(row, startedAt));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The outcome is unknown: keep the tenure, whose ETag tells at the next attempt whether the write landed
            // (the fence meanwhile ends this silo's active period on time if it did not).
            LogAttemptFailed(_logger, SiloId, ClusterName, ex);
        }
    }

    private async Task<SiloLeaseRecord?> TryAcquireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await _lease.ReadAsync(cancellationToken);
        if (row is null)
        {
            return await _lease.TryCreateAsync(SiloId, now + _duration, cancellationToken);
        }
        // A lapsed row's holder has fenced itself already. A row of our own that has not lapsed is one whose renewal
        // landed without us seeing the answer: nobody else can have written it since, or it would not be ours.
        return row.IsExpiredAt(now) || row.Owner == SiloId
            ? await _lease.TryReplaceAsync(row, SiloId, now + _duration, cancellationToken)
            : null;
    }

    /// <summary>Records the outcome of an attempt that started from <paramref name="previous"/>: the new tenure, or null when another silo holds the row.</summary>
    private void Settle(Tenure? previous, Tenure? next)
    {
        lock (_lock)
        {
            // A keeper being stopped or disposed keeps no tenure, whatever an attempt still in flight achieved.
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
            if (previous is not null && next is null)
            {
                LogLost(_logger, SiloId, ClusterName);
            }
            _tenure = next;
            ReconcileLocked();
        }
    }

    private void Reconcile()
    {
        lock (_lock)
        {
            ReconcileLocked();
        }
    }

    /// <summary>
    /// Must hold the lock. Completes the signals of a change between active and inactive, and while active sets the
    /// fence timer to the end of the active period. Timers may fire a little early by the clock IsActive reads, so a
    /// timer that finds the silo still active simply sets itself again for the rest.
    /// </summary>
    private void ReconcileLocked()
    {
        var active = IsActive;
        if (active)
        {
            var remaining = _activeFor - _time.GetElapsedTime(_tenure!.WrittenFrom);
            _fenceTimer.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        if (active == _reportedActive)
        {
            return;
        }
        _reportedActive = active;
        if (active)
        {
            _deactivated = NewSignal();
            _activated.TrySetResult();
            LogActive(_logger, SiloId, ClusterName, _tenure!.Row.ExpiresAt);
        }
        else
        {
            _activated = NewSignal();
            _deactivated.TrySetResult();
            LogInactive(_logger, SiloId, ClusterName);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource CompletedSignal()
    {
        var signal = NewSignal();
        signal.SetResult();
        return signal;
    }

    /// <summary>
    /// The row this silo wrote last, and when the attempt that wrote it started: the stored expiry is at least the
    /// duration after that moment, so counting from it keeps the fence ahead of the expiry that other silos judge by.
    /// </summary>
    private sealed record Tenure(SiloLeaseRecord Row, long WrittenFrom);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} is now the active silo of cluster {ClusterName}; its lease runs until {ExpiresAt:o}.")]
    private static partial void LogActive(ILogger logger, string siloId, string clusterName, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloId} is no longer the active silo of cluster {ClusterName}: it refuses writes until it holds the lease again.")]
    private static partial void LogInactive(ILogger logger, string siloId, string clusterName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloId} lost the lease of cluster {ClusterName}: another silo wrote the lease row since this silo's last renewal.")]
    private static partial void LogLost(ILogger logger, string siloId, string clusterName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloId} could not reach the lease of cluster {ClusterName}; it tries again at the next renew interval.")]
    private static partial void LogAttemptFailed(ILogger logger, string siloId, string clusterName, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} released the lease of cluster {ClusterName}.")]
    private static partial void LogReleased(ILogger logger, string siloId, string clusterName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloId} could not release the lease of cluster {ClusterName}; a standby takes over once it lapses, within {Duration}.")]
    private static partial void LogReleaseFailed(ILogger logger, string siloId, string clusterName, TimeSpan duration, Exception exception);
}
