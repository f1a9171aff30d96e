namespace Beddengrid.LoadTests.Arrivals;

/// <summary>Another profile times a constant: turns an intake rate into the rate of all journeys that come with it.</summary>
public sealed record ScaledRate(IRateProfile Inner, double Factor) : IRateProfile
{
    public double RateAt(double seconds) => Inner.RateAt(seconds) * Factor;
}
