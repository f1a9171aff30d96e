using System.Diagnostics;

namespace Beddengrid.LoadTests.Dashboards;

/// <summary>A held placement as its client saw it acknowledged: when (a <see cref="Stopwatch"/> timestamp), and the picture sequence that includes it.</summary>
public readonly record struct Acknowledgement(long Timestamp, long PictureSequence);

/// <summary>
/// Samples acknowledged placements for the dashboard-lag measurement: at most one per <see cref="SampleInterval"/>
/// (200 a second), because every sample is later matched against every subscriber's messages — 200/s × 1,000
/// subscribers is already 200,000 lag values a second of run.
/// </summary>
public sealed class AcknowledgementLog
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(5);
    private static readonly long SampleTicks = (long)(SampleInterval.TotalSeconds * Stopwatch.Frequency);

    private readonly Lock _lock = new();
    private readonly List<Acknowledgement> _sampled = [];
    private long _nextSampleAt;
    private long _seen;

    /// <summary>Acknowledgements offered, sampled or not.</summary>
    public long Seen => Interlocked.Read(ref _seen);

    public void Record(long timestamp, long pictureSequence)
    {
        Interlocked.Increment(ref _seen);
        var due = Interlocked.Read(ref _nextSampleAt);
        if (timestamp < due || Interlocked.CompareExchange(ref _nextSampleAt, timestamp + SampleTicks, due) != due)
        {
            return;
        }
        lock (_lock)
        {
            _sampled.Add(new Acknowledgement(timestamp, pictureSequence));
        }
    }

    /// <summary>The samples so far, in the order they were recorded.</summary>
    public IReadOnlyList<Acknowledgement> Sampled()
    {
        lock (_lock)
        {
            return [.. _sampled];
        }
    }
}
