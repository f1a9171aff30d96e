namespace Beddengrid.Runtime;

/// <summary>
/// The response timeout of every call still waiting, kept the way Orleans expires its callbacks: in coarse steps rather
/// than with a timer per call. The calls that start within one <see cref="Step"/> share one cancellation whose timer
/// fires a response timeout after the step began, plus the step, so each call times out between
/// <see cref="GrainRuntimeOptions.ResponseTimeout"/> and that plus one step after it started. A call registers with
/// its step's cancellation and unregisters when it completes: a registration reuses a node the cancellation keeps,
/// where a timer per call was queued and cancelled under the process-wide timer lock and added two tasks between callee
/// and caller.
/// </summary>
internal sealed class ResponseDeadlines(TimeProvider time, TimeSpan timeout)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private readonly long _stepTicks = (long)(Step.TotalSeconds * time.TimestampFrequency);
    private DeadlineStep? _current;

    public TimeSpan Timeout => timeout;

    /// <summary>A task that completes as <paramref name="outcome"/> does, or fails with a timeout naming the call.</summary>
    public Task<TResult> Await<TResult>(Task outcome, GrainId grainId, string method) =>
        new TimedCall<TResult>(this, outcome, grainId, method).Task;

    private CancellationToken CurrentStep()
    {
        var index = time.GetTimestamp() / _stepTicks;
        var current = Volatile.Read(ref _current);
        if (current?.Index == index)
        {
            return current.Expiry.Token;
        }
        var next = new DeadlineStep(index, new CancellationTokenSource(timeout + Step, time));
        var seen = Interlocked.CompareExchange(ref _current, next, current);
        if (seen == current)
        {
            return next.Expiry.Token;
        }
        // Another caller opened a step first: use it, and drop this one before its timer is ever due.
        next.Expiry.Dispose();
        return seen!.Expiry.Token;
    }

    private sealed record DeadlineStep(long Index, CancellationTokenSource Expiry);

    private sealed class TimedCall<TResult> : TaskCompletionSource<TResult>
    {
        private readonly Task _outcome;
        private readonly GrainId _grainId;
        private readonly string _method;
        private readonly TimeSpan _timeout;
        private readonly CancellationTokenRegistration _deadline;

        public TimedCall(ResponseDeadlines deadlines, Task outcome, GrainId grainId, string method)
        {
            _outcome = outcome;
            _grainId = grainId;
            _method = method;
            _timeout = deadlines.Timeout;
            // Registered before the outcome can complete this call, so that completing always finds it to unregister.
            _deadline = deadlines.CurrentStep().UnsafeRegister(static call => ((TimedCall<TResult>)call!).Expire(), this);
            outcome.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Complete);
        }

        private void Expire() => TrySetException(new GrainCallTimeoutException(_grainId, _method, _timeout));

        private void Complete()
        {
            // Unregister rather than dispose: disposing waits for an expiry running on the timer's thread.
            _deadline.Unregister();
            this.CompleteAs(_outcome);
        }
    }
}
