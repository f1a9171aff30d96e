using Beddengrid.LoadTests.Arrivals;

namespace Beddengrid.LoadTests.Tests;

public class ArrivalScheduleTests
{
    [Fact]
    public void A_constant_schedule_spaces_arrivals_evenly_at_the_rate()
    {
        var schedule = new ArrivalSchedule(new ConstantRate(100), ArrivalProcess.Constant, new Random(1));
        var times = Enumerable.Range(0, 101).Select(_ => schedule.Next()).ToArray();
        Assert.Equal(0, times[0]);
        Assert.Equal(1.0, times[100], precision: 9);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(0.01, pair.Second - pair.First, precision: 9));
    }

    [Fact]
    public void A_poisson_schedule_averages_the_rate_with_exponential_gaps()
    {
        var schedule = new ArrivalSchedule(new ConstantRate(1_000), ArrivalProcess.Poisson, new Random(42));
        var times = Enumerable.Range(0, 100_001).Select(_ => schedule.Next()).ToArray();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        Assert.InRange(times[^1], 98, 102); // 100,000 arrivals at 1,000/s take about 100 s
        // Exponential gaps: the standard deviation equals the mean, unlike evenly spaced arrivals.
        var mean = gaps.Average();
        var deviation = Math.Sqrt(gaps.Average(g => (g - mean) * (g - mean)));
        Assert.InRange(deviation / mean, 0.97, 1.03);
    }

    [Fact]
    public void A_step_profile_raises_the_rate_every_step_up_to_its_maximum()
    {
        var steps = new StepRate(start: 100, increment: 50, stepSeconds: 2, max: 200);
        Assert.Equal(100, steps.RateAt(0));
        Assert.Equal(100, steps.RateAt(1.99));
        Assert.Equal(150, steps.RateAt(2));
        Assert.Equal(200, steps.RateAt(4));
        Assert.Equal(200, steps.RateAt(60));
    }

    [Fact]
    public void Arrivals_follow_a_step_profile()
    {
        var schedule = new ArrivalSchedule(new StepRate(100, 100, 1, 1_000), ArrivalProcess.Constant, new Random(1));
        var times = new List<double>();
        for (var t = schedule.Next(); t < 3; t = schedule.Next())
        {
            times.Add(t);
        }
        Assert.InRange(times.Count(t => t < 1), 99, 101);
        Assert.InRange(times.Count(t => t is >= 1 and < 2), 199, 201);
        Assert.InRange(times.Count(t => t is >= 2 and < 3), 299, 301);
    }

    [Fact]
    public void The_influx_profile_averages_the_forecast_over_a_year()
    {
        var influx = new InfluxRate(applicationsPerYear: 67_000, compression: 100_000, meanHouseholdSize: 1.5, burstEveryWeeks: 4, burstFactor: 3);
        var yearInRealSeconds = 365 * 86_400 / 100_000.0;
        const int Samples = 200_000;
        var households = Enumerable.Range(0, Samples).Sum(i => influx.RateAt(i * yearInRealSeconds / Samples)) * yearInRealSeconds / Samples;
        Assert.InRange(households * 1.5, 67_000 * 0.97, 67_000 * 1.03);
    }

    [Fact]
    public void The_influx_profile_bursts_one_week_in_four_and_is_busy_by_day()
    {
        var influx = new InfluxRate(67_000, compression: 1, meanHouseholdSize: 1, burstEveryWeeks: 4, burstFactor: 3);
        const double Day = 86_400;
        var quietWeekAfternoon = influx.RateAt(14 * 3600);
        var quietWeekNight = influx.RateAt(2 * 3600);
        var burstWeekAfternoon = influx.RateAt(21 * Day + 14 * 3600);
        Assert.True(quietWeekAfternoon > 4 * quietWeekNight, "intake is busy by day and quiet at night");
        Assert.Equal(3 / (1.0 / 3), burstWeekAfternoon / quietWeekAfternoon, precision: 6); // burst 3x; quiet weeks at 1/3x keep the mean
    }

    [Fact]
    public void A_burst_that_would_need_negative_quiet_weeks_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InfluxRate(67_000, 1, 1, burstEveryWeeks: 2, burstFactor: 3));
    }
}
