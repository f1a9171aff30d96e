using System.Collections.Concurrent;
using System.Diagnostics;

namespace Beddengrid.LoadTests.Measurement;

/// <summary>
/// Everything a run measures: per operation kind a whole-run latency histogram, and per second of the run a histogram,
/// a completion count and an error count, so that reports can show latency and throughput over time. Thread-safe.
/// </summary>
public sealed class RunRecorder
{
    private static readonly OperationKind[] Kinds = Enum.GetValues<OperationKind>();

    private readonly long _startTimestamp;
    private readonly LatencyHistogram[] _totals = Kinds.Select(_ => new LatencyHistogram()).ToArray();
    private readonly long[] _errors = new long[Kinds.Length];
    private readonly long[] _outcomes = new long[Enum.GetValues<PlacementOutcome>().Length];
    private readonly ConcurrentDictionary<(int Second, OperationKind Kind), SecondBucket> _seconds = new();
    private readonly ConcurrentDictionary<string, long> _errorMessages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _waitingReasons = new(StringComparer.Ordinal);

    public RunRecorder(long startTimestamp) => _startTimestamp = startTimestamp;

    public static RunRecorder StartingNow() => new(Stopwatch.GetTimestamp());

    public long StartTimestamp => _startTimestamp;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

    /// <summary>Records a completed call that started at <paramref name="startTimestamp"/> (for a journey's first call: the intended arrival time).</summary>
    public void Completed(OperationKind kind, long startTimestamp) => Completed(kind, startTimestamp, Stopwatch.GetTimestamp());

    /// <summary>Records something that ended at <paramref name="endTimestamp"/>, in that second of the run (a lag worked out after the fact).</summary>
    public void Completed(OperationKind kind, long startTimestamp, long endTimestamp)
    {
        var elapsed = endTimestamp - startTimestamp;
        _totals[(int)kind].RecordElapsed(elapsed);
        Second(kind, endTimestamp).Latency.RecordElapsed(elapsed);
    }

    /// <summary>Records a call that failed; errors are counted, not timed, and their messages kept (counted) for the report.</summary>
    public void Failed(OperationKind kind, Exception error)
    {
        Interlocked.Increment(ref _errors[(int)kind]);
        Interlocked.Increment(ref Second(kind, Stopwatch.GetTimestamp()).Errors);
        CountDistinct(_errorMessages, $"{kind}: {error.GetType().Name}: {FirstLine(error.Message)}");
    }

    public void Outcome(PlacementOutcome outcome) => Interlocked.Increment(ref _outcomes[(int)outcome]);

    /// <summary>Counts why a request had to wait, as the target explained it.</summary>
    public void Waited(string? reason) => CountDistinct(_waitingReasons, reason ?? "(no reason given)");

    public IReadOnlyDictionary<string, long> WaitingReasons => _waitingReasons;

    public LatencyHistogram Total(OperationKind kind) => _totals[(int)kind];

    public long Errors(OperationKind kind) => Volatile.Read(ref _errors[(int)kind]);

    public long Outcomes(PlacementOutcome outcome) => Volatile.Read(ref _outcomes[(int)outcome]);

    public IReadOnlyDictionary<string, long> ErrorMessages => _errorMessages;

    public IEnumerable<OperationKind> KindsSeen => Kinds.Where(k => Total(k).Count > 0 || Errors(k) > 0);

    /// <summary>The per-second series of every kind seen, up to (not including) second <paramref name="untilSecond"/>.</summary>
    public IReadOnlyList<SecondSample> Series(int untilSecond) =>
        [.. _seconds
            .Where(s => s.Key.Second < untilSecond)
            .OrderBy(s => s.Key.Second).ThenBy(s => s.Key.Kind)
            .Select(s => new SecondSample(s.Key.Second, s.Key.Kind, s.Value.Latency.Count, Volatile.Read(ref s.Value.Errors), s.Value.Latency.Summarise()))];

    public SecondSample? SampleAt(int second, OperationKind kind) =>
        _seconds.TryGetValue((second, kind), out var bucket)
            ? new SecondSample(second, kind, bucket.Latency.Count, Volatile.Read(ref bucket.Errors), bucket.Latency.Summarise())
            : null;

    /// <summary>One kind's latencies over seconds [<paramref name="fromSecond"/>, <paramref name="toSecond"/>) merged.</summary>
    public LatencyHistogram Merged(OperationKind kind, int fromSecond, int toSecond)
    {
        var merged = new LatencyHistogram();
        for (var second = fromSecond; second < toSecond; second++)
        {
            if (_seconds.TryGetValue((second, kind), out var bucket))
            {
                merged.Add(bucket.Latency);
            }
        }
        return merged;
    }

    /// <summary>Errors of one kind over seconds [<paramref name="fromSecond"/>, <paramref name="toSecond"/>).</summary>
    public long ErrorsBetween(OperationKind kind, int fromSecond, int toSecond) =>
        Enumerable.Range(fromSecond, Math.Max(0, toSecond - fromSecond))
            .Sum(second => _seconds.TryGetValue((second, kind), out var bucket) ? Volatile.Read(ref bucket.Errors) : 0);

    private SecondBucket Second(OperationKind kind, long timestamp)
    {
        var second = (int)((timestamp - _startTimestamp) / Stopwatch.Frequency);
        return _seconds.GetOrAdd((second, kind), static _ => new SecondBucket());
    }

    /// <summary>Keeps at most 50 distinct texts, so a run producing unique messages cannot grow without bound.</summary>
    private static void CountDistinct(ConcurrentDictionary<string, long> counts, string text)
    {
        if (counts.Count < 50 || counts.ContainsKey(text))
        {
            counts.AddOrUpdate(text, 1, (_, n) => n + 1);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private sealed class SecondBucket
    {
        public readonly LatencyHistogram Latency = new();
        public long Errors;
    }
}

/// <summary>One operation kind during one second of a run: completions, errors and their latency.</summary>
public sealed record SecondSample(int Second, OperationKind Kind, long Completed, long Errors, LatencySummary Latency);
