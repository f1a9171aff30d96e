namespace Beddengrid.LoadTests.Arrivals;

/// <summary>How many arrivals per second a run asks for at each moment since its start.</summary>
public interface IRateProfile
{
    double RateAt(double seconds);
}

public sealed record ConstantRate : IRateProfile
{
    public ConstantRate(double perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        PerSecond = perSecond;
    }

    public double PerSecond { get; }

    public double RateAt(double seconds) => PerSecond;
}

/// <summary>
/// A staircase: <see cref="Start"/> arrivals/s for the first step, <see cref="Increment"/> more every
/// <see cref="StepSeconds"/>, never above <see cref="Max"/>. With a small step it is a ramp; the stress scenario uses it
/// to find the highest rate whose latency still meets a target.
/// </summary>
public sealed record StepRate : IRateProfile
{
    public StepRate(double start, double increment, double stepSeconds, double max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(start);
        ArgumentOutOfRangeException.ThrowIfNegative(increment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        if (max < start)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"The maximum rate must be at least the start rate {start}.");
        }
        (Start, Increment, StepSeconds, Max) = (start, increment, stepSeconds, max);
    }

    public double Start { get; }
    public double Increment { get; }
    public double StepSeconds { get; }
    public double Max { get; }

    public int StepAt(double seconds) => (int)Math.Floor(seconds / StepSeconds);

    public double RateAt(double seconds) => Math.Min(Max, Start + Increment * StepAt(seconds));
}

/// <summary>
/// Asylum influx from DOMAIN.md's forecast (49k/67k/77k applications a year), compressed in time: one real second
/// stands for <see cref="Compression"/> seconds of the year. Arrivals are households, so the yearly number of people is
/// divided by the mean household size. Daily rhythm: intake is busy by day and quiet at night (a sine over the
/// compressed day, peak at 14:00, between 0.2× and 1.8× the mean). Weekly bursts: every
/// <see cref="BurstEveryWeeks"/>-th compressed week runs at <see cref="BurstFactor"/>× ("weekly peaks several times
/// the average"); the other weeks are scaled down so the year's total stays the forecast.
/// </summary>
public sealed record InfluxRate : IRateProfile
{
    private const double SecondsPerYear = 365 * 86_400;
    private const double SecondsPerDay = 86_400;
    private const double SecondsPerWeek = 7 * SecondsPerDay;
    private const double DailySwing = 0.8;

    public InfluxRate(double applicationsPerYear, double compression, double meanHouseholdSize, int burstEveryWeeks, double burstFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(applicationsPerYear);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(compression);
        ArgumentOutOfRangeException.ThrowIfLessThan(meanHouseholdSize, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burstEveryWeeks);
        ArgumentOutOfRangeException.ThrowIfLessThan(burstFactor, 1.0);
        if (burstFactor > burstEveryWeeks)
        {
            throw new ArgumentOutOfRangeException(nameof(burstFactor), burstFactor, $"A burst of {burstFactor}× every {burstEveryWeeks} weeks would need negative arrivals in the other weeks.");
        }
        (ApplicationsPerYear, Compression, MeanHouseholdSize, BurstEveryWeeks, BurstFactor) =
            (applicationsPerYear, compression, meanHouseholdSize, burstEveryWeeks, burstFactor);
    }

    public double ApplicationsPerYear { get; }
    public double Compression { get; }
    public double MeanHouseholdSize { get; }
    public int BurstEveryWeeks { get; }
    public double BurstFactor { get; }

    /// <summary>Households per real second averaged over the year.</summary>
    public double MeanRate => ApplicationsPerYear / MeanHouseholdSize / SecondsPerYear * Compression;

    public double RateAt(double seconds)
    {
        var modelSeconds = seconds * Compression;
        var hourOfDay = modelSeconds % SecondsPerDay / 3600;
        var daily = 1 + DailySwing * Math.Sin((hourOfDay - 8) / 24 * 2 * Math.PI);
        var week = (long)(modelSeconds / SecondsPerWeek);
        var quietFactor = (BurstEveryWeeks - BurstFactor) / (BurstEveryWeeks - 1.0);
        var weekly = BurstEveryWeeks == 1 ? 1 : week % BurstEveryWeeks == BurstEveryWeeks - 1 ? BurstFactor : quietFactor;
        return MeanRate * daily * weekly;
    }
}
