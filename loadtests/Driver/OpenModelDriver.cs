using System.Diagnostics;
using Beddengrid.LoadTests.Arrivals;
using Beddengrid.LoadTests.Measurement;

namespace Beddengrid.LoadTests.Driver;

/// <summary>When a run stops by itself: whichever limit comes first.</summary>
public sealed record RunLimits
{
    public RunLimits(TimeSpan duration, long maxArrivals, int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxArrivals);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInFlight);
        (Duration, MaxArrivals, MaxInFlight) = (duration, maxArrivals, maxInFlight);
    }

    public TimeSpan Duration { get; }
    public long MaxArrivals { get; }

    /// <summary>Arrivals that find this many requests still running are not started but counted as shed.</summary>
    public int MaxInFlight { get; }
}

/// <summary>What the driver did: arrivals started, shed at the in-flight bound, and the deepest backlog seen.</summary>
public sealed record DriverResult(long Started, long ShedAtInFlightBound, int PeakInFlight, TimeSpan Elapsed, bool StoppedEarly);

/// <summary>
/// Starts work at the times an <see cref="ArrivalSchedule"/> dictates, independent of how fast earlier work finishes.
/// Each arrival runs on the thread pool and is given its intended start timestamp, so its latency includes any delay
/// the driver or the target caused before it could start.
/// </summary>
public sealed class OpenModelDriver(ArrivalSchedule schedule, RunLimits limits)
{

    private readonly PeakCounter _inFlight = new();
    private long _shed;

    public int InFlight => _inFlight.Current;

    public long Shed => Volatile.Read(ref _shed);

    /// <param name="arrival">The work of one arrival; receives its sequence number and intended start timestamp.</param>
    /// <param name="startTimestamp">The run's time zero (a <see cref="Stopwatch"/> timestamp), shared with the recorder.</param>
    /// <param name="stop">Ends the run early (a stress run that broke its target, Ctrl+C).</param>
    public async Task<DriverResult> RunAsync(Func<long, long, Task> arrival, long startTimestamp, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        long started = 0;
        var durationSeconds = limits.Duration.TotalSeconds;
        var pacer = Task.Factory.StartNew(() =>
        {
            while (started < limits.MaxArrivals && !stop.IsCancellationRequested)
            {
                var dueSeconds = schedule.Next();
                if (dueSeconds >= durationSeconds)
                {
                    break;
                }
                var due = startTimestamp + (long)(dueSeconds * Stopwatch.Frequency);
                WaitUntil(due, stop);
                var sequence = started++;
                // Only this pacer adds arrivals, so a check before entering cannot be overtaken.
                if (_inFlight.Current >= limits.MaxInFlight)
                {
                    Interlocked.Increment(ref _shed);
                    continue;
                }
                _inFlight.Enter();
                ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Driver.Run(state.Arrival, state.Sequence, state.Due), (Driver: this, Arrival: arrival, Sequence: sequence, Due: due), preferLocal: false);
            }
        }, TaskCreationOptions.LongRunning);
        await pacer;
        while (InFlight > 0)
        {
            await Task.Delay(10, CancellationToken.None);
        }
        return new DriverResult(started, Shed, _inFlight.Peak, Stopwatch.GetElapsedTime(startTimestamp), stop.IsCancellationRequested);
    }

    private async Task Run(Func<long, long, Task> arrival, long sequence, long due)
    {
        try
        {
            await arrival(sequence, due);
        }
        catch
        {
            // The arrival records its own failures; the driver only guarantees that in-flight is given back.
        }
        finally
        {
            _inFlight.Leave();
        }
    }

    /// <summary>
    /// Sleeps in steps of a millisecond until the arrival is due, releasing every arrival due by then together. An
    /// arrival may start up to about a millisecond late, but its latency is measured from when it was due, so the
    /// delay counts against the target, never for it; spinning instead would take a whole core from the target on a
    /// shared machine.
    /// </summary>
    private static void WaitUntil(long dueTimestamp, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && dueTimestamp - Stopwatch.GetTimestamp() > 0)
        {
            Thread.Sleep(1);
        }
    }
}
