using Beddengrid.LoadTests.Measurement;

namespace Beddengrid.LoadTests.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Values_below_64_nanoseconds_have_a_bucket_each()
    {
        for (var ns = 0; ns < 64; ns++)
        {
            Assert.Equal(ns, LatencyHistogram.IndexOf(ns));
            Assert.Equal(ns, LatencyHistogram.HighestValueIn(ns));
        }
    }

    [Fact]
    public void Percentiles_of_a_uniform_spread_are_within_the_bucket_precision()
    {
        var histogram = new LatencyHistogram();
        for (var us = 1; us <= 10_000; us++)
        {
            histogram.Record(TimeSpan.FromMicroseconds(us));
        }
        AssertWithin(TimeSpan.FromMicroseconds(5_000), histogram.Percentile(50));
        AssertWithin(TimeSpan.FromMicroseconds(9_000), histogram.Percentile(90));
        AssertWithin(TimeSpan.FromMicroseconds(9_900), histogram.Percentile(99));
        AssertWithin(TimeSpan.FromMicroseconds(9_990), histogram.Percentile(99.9));
        Assert.Equal(TimeSpan.FromMicroseconds(10_000), histogram.Max);
    }

    [Fact]
    public void A_percentile_never_reports_more_than_the_maximum()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromMilliseconds(3));
        Assert.Equal(TimeSpan.FromMilliseconds(3), histogram.Percentile(100));
        Assert.Equal(TimeSpan.FromMilliseconds(3), histogram.Percentile(50));
    }

    [Fact]
    public void A_rare_slow_call_shows_in_the_tail_but_not_the_median()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 999; i++)
        {
            histogram.Record(TimeSpan.FromMicroseconds(100));
        }
        histogram.Record(TimeSpan.FromSeconds(2));
        AssertWithin(TimeSpan.FromMicroseconds(100), histogram.Percentile(50));
        AssertWithin(TimeSpan.FromMicroseconds(100), histogram.Percentile(99.9));
        AssertWithin(TimeSpan.FromSeconds(2), histogram.Percentile(99.95));
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        Assert.Equal(LatencySummary.Empty, new LatencyHistogram().Summarise());
    }

    [Fact]
    public void Merging_adds_counts_and_keeps_the_larger_maximum()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(TimeSpan.FromMilliseconds(1));
        b.Record(TimeSpan.FromMilliseconds(9));
        a.Add(b);
        Assert.Equal(2, a.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(9), a.Max);
    }

    [Fact]
    public void Every_bucket_holds_exactly_the_values_that_map_to_it()
    {
        for (var index = 1; index < LatencyHistogram.BucketCount; index++)
        {
            var highest = LatencyHistogram.HighestValueIn(index);
            Assert.Equal(index, LatencyHistogram.IndexOf(highest));
            Assert.Equal(index, LatencyHistogram.IndexOf(LatencyHistogram.HighestValueIn(index - 1) + 1));
        }
    }

    [Fact]
    public void Recording_from_many_threads_loses_nothing()
    {
        var histogram = new LatencyHistogram();
        Parallel.For(0, 100_000, i => histogram.RecordNanoseconds(i % 5_000));
        Assert.Equal(100_000, histogram.Count);
    }

    [Fact]
    public void A_percentile_outside_0_to_100_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram().Percentile(101));
    }

    /// <summary>Buckets are 1/32 wide: a reported value is at most about 3% above the true one, never below.</summary>
    private static void AssertWithin(TimeSpan expected, TimeSpan actual)
    {
        Assert.InRange(actual.Ticks, expected.Ticks * 0.999, expected.Ticks * 1.035);
    }
}
