using System.Diagnostics;
using System.Numerics;

namespace Beddengrid.LoadTests.Measurement;

/// <summary>
/// Latencies in nanoseconds, counted in HdrHistogram-style buckets: exact below 64 ns, then 32 linear sub-buckets per
/// power of two, so any recorded value is known within 1/32 (about 3%) at a fixed 9 KiB whatever the range.
/// Recording is lock-free and safe from any thread; reading while recording sees a consistent-enough view for
/// progress lines, and an exact one once recording has stopped.
/// </summary>
public sealed class LatencyHistogram
{
    private const int ExactBuckets = 64;
    private const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int FirstMagnitude = 6; // 2^6 = ExactBuckets
    private const int MaxMagnitude = 40;  // about 18 minutes; longer latencies are clamped
    internal const int BucketCount = ExactBuckets + (MaxMagnitude - FirstMagnitude + 1) * SubBuckets;
    private const long MaxTrackable = (1L << (MaxMagnitude + 1)) - 1;

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _max;

    public long Count => Volatile.Read(ref _count);

    public TimeSpan Max => FromNanoseconds(Volatile.Read(ref _max));

    public void Record(TimeSpan latency) => RecordNanoseconds((long)(latency.Ticks * (1_000_000_000.0 / TimeSpan.TicksPerSecond)));

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long startTimestamp) => RecordElapsed(Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>Records a duration in <see cref="Stopwatch"/> ticks.</summary>
    public void RecordElapsed(long stopwatchTicks) =>
        RecordNanoseconds((long)(stopwatchTicks * (1_000_000_000.0 / Stopwatch.Frequency)));

    public void RecordNanoseconds(long nanoseconds)
    {
        var value = Math.Clamp(nanoseconds, 0, MaxTrackable);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        var max = Volatile.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }
            max = seen;
        }
    }

    /// <summary>Adds every count of <paramref name="other"/> to this histogram (merging per-worker histograms).</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            var count = Volatile.Read(ref other._counts[i]);
            if (count != 0)
            {
                Interlocked.Add(ref _counts[i], count);
            }
        }
        Interlocked.Add(ref _count, other.Count);
        var otherMax = Volatile.Read(ref other._max);
        if (otherMax > Volatile.Read(ref _max))
        {
            Volatile.Write(ref _max, otherMax);
        }
    }

    /// <summary>
    /// The smallest latency that at least <paramref name="percentile"/>% of recordings do not exceed, reported as the
    /// highest value of its bucket (never above the true maximum), as HdrHistogram does. Zero when nothing was recorded.
    /// </summary>
    public TimeSpan Percentile(double percentile)
    {
        if (percentile is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile lies between 0 and 100.");
        }
        var count = Count;
        if (count == 0)
        {
            return TimeSpan.Zero;
        }
        // Rounded first so that 99.9% of 1,000 is rank 999, not 1,000 through floating-point noise.
        var rank = Math.Max(1, (long)Math.Ceiling(Math.Round(percentile / 100 * count, 9)));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return FromNanoseconds(Math.Min(HighestValueIn(i), Volatile.Read(ref _max)));
            }
        }
        return Max;
    }

    public LatencySummary Summarise() =>
        new(Count, Percentile(50), Percentile(90), Percentile(99), Percentile(99.9), Max);

    internal static int IndexOf(long value)
    {
        if (value < ExactBuckets)
        {
            return (int)value;
        }
        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = magnitude - SubBucketBits;
        var subBucket = (int)(value >> shift) - SubBuckets;
        return ExactBuckets + (magnitude - FirstMagnitude) * SubBuckets + subBucket;
    }

    internal static long HighestValueIn(int index)
    {
        if (index < ExactBuckets)
        {
            return index;
        }
        var magnitude = FirstMagnitude + (index - ExactBuckets) / SubBuckets;
        var subBucket = SubBuckets + (index - ExactBuckets) % SubBuckets;
        var shift = magnitude - SubBucketBits;
        return ((long)(subBucket + 1) << shift) - 1;
    }

    private static TimeSpan FromNanoseconds(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / 100);
}

/// <summary>The percentiles of one histogram, as reports and tests read them.</summary>
public sealed record LatencySummary(long Count, TimeSpan P50, TimeSpan P90, TimeSpan P99, TimeSpan P999, TimeSpan Max)
{
    public static readonly LatencySummary Empty = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
}
