using System.Diagnostics;

namespace Beddengrid.Runtime;

internal enum ActivationStatus
{
    Activating,
    Valid,
    Deactivating,
    Deactivated,
}

/// <summary>
/// One in-memory instance of a grain and its mailbox. Messages run one turn at a time in arrival order; a turn lasts
/// until the grain's task completes, across its awaits. Shared messages (read-only and interleaving calls) may run
/// together. A call that finds the activation idle runs on the caller's thread, which keeps the common uncontended call
/// free of thread hops.
/// </summary>
/// <remarks>
/// When the grain class has interleaving calls, its code runs in sections, from one await to the next, never two at
/// once: a synchronization context brings each turn's continuations back here, where they run before any new message.
/// Other activations keep no context, so their awaits cost no extra hop.
/// </remarks>
internal sealed class Activation
{
    private const int MaxTurnsPerPump = 64;

    private readonly object _lock = new();
    private readonly Queue<Message> _queue = new();
    private readonly GrainClass? _grainClass;
    private readonly List<GrainTimer> _timers = [];
    private readonly ActivationSynchronizationContext? _context;
    private readonly Queue<Message>? _continuations;
    private ActivationStatus _status;
    private Message? _lifecycleMessage;
    private bool _runningExclusive;
    private int _runningShared;

    /// <summary>Code of this activation runs now on some thread; only ever set where calls interleave.</summary>
    private bool _sectionRunning;
    private bool _touched = true;
    private long _idleSinceTimestamp;

    public Activation(GrainRuntime runtime, GrainId grainId, GrainClass grainClass)
    {
        Runtime = runtime;
        GrainId = grainId;
        _grainClass = grainClass;
        if (grainClass.Interleaves)
        {
            _context = new ActivationSynchronizationContext(this);
            _continuations = new Queue<Message>();
        }
        _status = ActivationStatus.Activating;
        _lifecycleMessage = new ActivateMessage();
        _idleSinceTimestamp = runtime.TimeProvider.GetTimestamp();
    }

    public Activation(GrainRuntime runtime, GrainId grainId, object observer)
    {
        Runtime = runtime;
        GrainId = grainId;
        Target = observer;
        _status = ActivationStatus.Valid;
    }

    public GrainRuntime Runtime { get; }
    public GrainId GrainId { get; }
    public object Target { get; private set; } = null!;
    public bool IsObserver => _grainClass is null;

    public int QueueLength
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Queues a message. Returns the task the caller awaits, or null when this activation has been deactivated and the
    /// caller must resolve the grain again.
    /// </summary>
    public Task? Send<TResult>(CallMessage<TResult> message, bool allowInline)
    {
        Message? runNow;
        Task? completion = null;
        lock (_lock)
        {
            if (_status == ActivationStatus.Deactivated)
            {
                return null;
            }
            _touched = true;
            if (allowInline && _status == ActivationStatus.Valid && _queue.Count == 0 && _lifecycleMessage is null && TryStart(message))
            {
                runNow = message;
            }
            else
            {
                if (_queue.Count >= Runtime.Options.MaxQueuedCallsPerActivation)
                {
                    Runtime.Metrics.CallsRejected.Add(1);
                    return Task.FromException<TResult>(new GrainOverloadedException(GrainId, Runtime.Options.MaxQueuedCallsPerActivation));
                }
                completion = message.AwaitCompletion();
                _queue.Enqueue(message);
                runNow = TakeNext();
            }
        }
        Runtime.Metrics.Calls.Add(1);
        if (completion is null)
        {
            return RunInline(message);
        }
        if (runNow is not null)
        {
            if (allowInline)
            {
                Pump(runNow);
            }
            else
            {
                SchedulePump(runNow);
            }
        }
        return completion;
    }

    /// <summary>Queues runtime work (a forwarded call, a timer tick); never rejected, never run on the sender's thread.</summary>
    public bool Post(Message message)
    {
        Message? runNow;
        lock (_lock)
        {
            if (_status is ActivationStatus.Deactivated or ActivationStatus.Deactivating)
            {
                return false;
            }
            _queue.Enqueue(message);
            runNow = TakeNext();
        }
        if (runNow is not null)
        {
            SchedulePump(runNow);
        }
        return true;
    }

    /// <summary>Queues the rest of a turn that awaited; it runs as soon as no other section of this activation runs.</summary>
    public void PostContinuation(SendOrPostCallback callback, object? state)
    {
        Message? runNow;
        lock (_lock)
        {
            _continuations!.Enqueue(new ContinuationMessage(callback, state));
            runNow = TakeNext();
        }
        if (runNow is not null)
        {
            SchedulePump(runNow);
        }
    }

    public void RequestDeactivation(DeactivationReason reason)
    {
        Message? runNow;
        lock (_lock)
        {
            if (_status != ActivationStatus.Valid || _lifecycleMessage is not null)
            {
                return;
            }
            _lifecycleMessage = new DeactivateMessage(reason);
            runNow = TakeNext();
        }
        if (runNow is not null)
        {
            SchedulePump(runNow);
        }
    }

    /// <summary>Called by the collector each quantum: deactivates the activation if it has been idle for the collection age.</summary>
    public void CollectIfIdle(long nowTimestamp, TimeSpan collectionAge)
    {
        if (_grainClass is null || _grainClass.KeepAlive)
        {
            return;
        }
        lock (_lock)
        {
            if (_touched || _runningExclusive || _runningShared > 0 || _queue.Count > 0)
            {
                _touched = false;
                _idleSinceTimestamp = nowTimestamp;
                return;
            }
            if (Runtime.TimeProvider.GetElapsedTime(_idleSinceTimestamp, nowTimestamp) < collectionAge)
            {
                return;
            }
        }
        RequestDeactivation(DeactivationReason.Idle);
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, dueTime, period);
        lock (_lock)
        {
            _timers.Add(timer);
        }
        timer.Start();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    internal async Task ActivateAsync()
    {
        var (grain, states) = _grainClass!.Create(this);
        foreach (var state in states)
        {
            await state.LoadAsync();
        }
        grain.Activation = this;
        Target = grain;
        using var cancellation = new CancellationTokenSource(Runtime.Options.ResponseTimeout, Runtime.TimeProvider);
        await grain.OnActivateAsync(cancellation.Token);
        Runtime.Metrics.ActivationsCreated.Add(1);
    }

    internal async Task DeactivateAsync(DeactivationReason reason)
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            _status = ActivationStatus.Deactivating;
            timers = [.. _timers];
        }
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
        try
        {
            using var cancellation = new CancellationTokenSource(Runtime.Options.ResponseTimeout, Runtime.TimeProvider);
            await ((Grain)Target).OnDeactivateAsync(reason, cancellation.Token);
        }
        catch (Exception ex)
        {
            // Deactivation is best effort, as in Orleans: the activation goes away whatever its hook did.
            Runtime.LogDeactivationFailure(GrainId, ex);
        }
    }

    private Task RunInline(Message message)
    {
        var outcome = Execute(message);
        Message? next;
        if (outcome.IsCompleted)
        {
            next = Finish(message, outcome, endsSection: true);
        }
        else
        {
            WhenFinished(message, outcome);
            next = EndSection();
        }
        if (next is not null)
        {
            SchedulePump(next);
        }
        return outcome;
    }

    private void SchedulePump(Message message) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Activation.Pump(state.Message), (Activation: this, Message: message), preferLocal: true);

    private void Pump(Message? message)
    {
        for (var turns = 0; message is not null; turns++)
        {
            if (turns == MaxTurnsPerPump)
            {
                SchedulePump(message);
                return;
            }
            var outcome = Execute(message);
            if (outcome.IsCompleted)
            {
                message.Complete(outcome);
                message = Finish(message, outcome, endsSection: true);
            }
            else
            {
                WhenFinished(message, outcome);
                message = EndSection();
            }
        }
    }

    private Task Execute(Message message)
    {
        var previousContext = SynchronizationContext.Current;
        if (!ReferenceEquals(previousContext, _context))
        {
            SynchronizationContext.SetSynchronizationContext(_context);
        }
        try
        {
            // A continuation carries its turn's execution context, call chain and request context included.
            return message is ContinuationMessage ? message.Invoke(this) : Start(message);
        }
        finally
        {
            if (!ReferenceEquals(previousContext, _context))
            {
                SynchronizationContext.SetSynchronizationContext(previousContext);
            }
        }
    }

    private Task Start(Message message)
    {
        var previous = CallChain.Current;
        var previousContext = RequestContext.Current;
        CallChain.Current = IsObserver ? null : new CallChain(GrainId, message.CallerChain);
        if (!ReferenceEquals(previousContext, message.RequestContext))
        {
            RequestContext.Current = message.RequestContext;
        }
        var started = Runtime.Metrics.TurnDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        Task outcome;
        try
        {
            outcome = message.Invoke(this);
        }
        catch (Exception ex)
        {
            outcome = message.Thrown(ex);
        }
        finally
        {
            CallChain.Current = previous;
            if (!ReferenceEquals(previousContext, message.RequestContext))
            {
                RequestContext.Current = previousContext;
            }
        }
        if (started != 0)
        {
            outcome.ContinueWith(
                static (_, state) => ((RuntimeMetrics)((object[])state!)[0]).TurnDuration.Record(Stopwatch.GetElapsedTime((long)((object[])state!)[1]).TotalMilliseconds),
                new object[] { Runtime.Metrics, started },
                TaskContinuationOptions.ExecuteSynchronously);
        }
        return outcome;
    }

    private void WhenFinished(Message message, Task outcome) => _ = FinishWhenDone(message, outcome);

    /// <summary>
    /// Runs on the thread that completes the turn, as a continuation would, for the price of one allocation (a
    /// continuation task cost three, on every turn that awaits). The outcome itself reaches the caller, so its failure
    /// is not thrown here.
    /// </summary>
    private async Task FinishWhenDone(Message message, Task outcome)
    {
        await outcome.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // This may run inside a section of an activation whose calls interleave: the caller's continuation, which
        // completing the call may run inline, must not take that activation's context for its own.
        var sectionContext = SynchronizationContext.Current;
        if (sectionContext is null)
        {
            message.Complete(outcome);
        }
        else
        {
            SynchronizationContext.SetSynchronizationContext(null);
            message.Complete(outcome);
            SynchronizationContext.SetSynchronizationContext(sectionContext);
        }
        var next = Finish(message, outcome, endsSection: false);
        if (next is not null)
        {
            SchedulePump(next);
        }
    }

    /// <summary>
    /// Records that a message finished and takes the next one that may start, if any. <paramref name="endsSection"/>:
    /// the message's code ran to its end here, rather than finishing within a later section of its turn.
    /// </summary>
    private Message? Finish(Message message, Task outcome, bool endsSection)
    {
        switch (message)
        {
            case ActivateMessage when !outcome.IsCompletedSuccessfully:
                FailActivation(outcome.Exception?.GetBaseException() ?? new OperationCanceledException("Activation was cancelled."));
                return null;
            case DeactivateMessage:
                CompleteDeactivation();
                return null;
        }
        lock (_lock)
        {
            if (endsSection)
            {
                _sectionRunning = false;
            }
            if (message is ContinuationMessage)
            {
                return TakeNext();
            }
            if (message.IsLifecycle)
            {
                _status = ActivationStatus.Valid;
                _runningExclusive = false;
            }
            else if (message.IsShared)
            {
                _runningShared--;
            }
            else
            {
                _runningExclusive = false;
            }
            if (message.KeepsAlive)
            {
                _touched = true;
            }
            // A refused write (not this silo's to make) leaves the state in memory ahead of the store just as a stale
            // ETag does: either way the activation goes, and its next call reloads what the store holds.
            if (outcome.Exception?.GetBaseException() is InconsistentStateException or SiloNotActiveException && _lifecycleMessage is null && _status == ActivationStatus.Valid)
            {
                _lifecycleMessage = new DeactivateMessage(DeactivationReason.InconsistentState);
            }
            return TakeNext();
        }
    }

    /// <summary>A turn awaits: the next message may start, where its interleaving rule allows.</summary>
    private Message? EndSection()
    {
        lock (_lock)
        {
            _sectionRunning = false;
            return TakeNext();
        }
    }

    /// <summary>
    /// Must hold the lock. Continuations of turns already running go first, then lifecycle work, then the queue head if
    /// its interleaving rule allows.
    /// </summary>
    private Message? TakeNext()
    {
        if (_sectionRunning)
        {
            return null;
        }
        if (_continuations is { Count: > 0 })
        {
            _sectionRunning = true;
            return _continuations.Dequeue();
        }
        if (_runningExclusive)
        {
            return null;
        }
        if (_lifecycleMessage is not null)
        {
            if (_runningShared > 0)
            {
                return null;
            }
            var lifecycle = _lifecycleMessage;
            _lifecycleMessage = null;
            _runningExclusive = true;
            _sectionRunning = _context is not null;
            return lifecycle;
        }
        if (_status != ActivationStatus.Valid || _queue.Count == 0 || !TryStart(_queue.Peek()))
        {
            return null;
        }
        return _queue.Dequeue();
    }

    /// <summary>Must hold the lock.</summary>
    private bool TryStart(Message message)
    {
        if (_runningExclusive || _sectionRunning)
        {
            return false;
        }
        if (message.IsShared)
        {
            _runningShared++;
        }
        else if (_runningShared > 0)
        {
            return false;
        }
        else
        {
            _runningExclusive = true;
        }
        _sectionRunning = _context is not null;
        return true;
    }

    private void FailActivation(Exception cause)
    {
        var pending = Close();
        var failure = new InvalidOperationException($"Activation of grain {GrainId} failed: {cause.Message}", cause);
        foreach (var message in pending)
        {
            message.Fail(failure);
        }
    }

    private void CompleteDeactivation()
    {
        var pending = Close();
        Runtime.Metrics.ActivationsCollected.Add(1);
        foreach (var message in pending)
        {
            Runtime.Forward(GrainId, _grainClass!, message);
        }
    }

    private Message[] Close()
    {
        Runtime.RemoveActivation(this);
        lock (_lock)
        {
            _status = ActivationStatus.Deactivated;
            _runningExclusive = false;
            var pending = _queue.ToArray();
            _queue.Clear();
            return pending;
        }
    }

    /// <summary>Stops an observer's delivery; queued notifications are dropped.</summary>
    public void CloseObserver() => Close();
}
