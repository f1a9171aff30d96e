namespace Beddengrid.LoadTests.Arrivals;

public enum ArrivalProcess
{
    /// <summary>Evenly spaced: the gap is 1/rate.</summary>
    Constant,
    /// <summary>Independent arrivals: exponential gaps with mean 1/rate, as real intake is.</summary>
    Poisson,
}

/// <summary>
/// The intended start times of an open model: they follow the rate profile whatever happens to earlier requests, so a
/// slow target sees a growing backlog instead of a politely slowing client (no coordinated omission).
/// </summary>
public sealed class ArrivalSchedule(IRateProfile profile, ArrivalProcess process, Random random)
{
    /// <summary>Below this rate the schedule looks again a little later instead of waiting for an enormous gap.</summary>
    private const double IdleRate = 1e-3;
    private const double IdleProbe = 0.01;

    private double _next;

    /// <summary>Seconds since the run's start at which the next arrival is due; each call advances the schedule.</summary>
    public double Next()
    {
        var at = _next;
        var rate = profile.RateAt(at);
        while (rate < IdleRate)
        {
            at += IdleProbe;
            rate = profile.RateAt(at);
        }
        var gap = process switch
        {
            ArrivalProcess.Constant => 1 / rate,
            ArrivalProcess.Poisson => -Math.Log(1 - random.NextDouble()) / rate,
            _ => throw new ArgumentOutOfRangeException(nameof(process), process, "Unknown arrival process."),
        };
        _next = at + gap;
        return at;
    }
}
