using Beddengrid.LoadTests.Arrivals;
using Beddengrid.LoadTests.Workload;

namespace Beddengrid.LoadTests.Scenarios;

public static class RateFactory
{
    /// <summary>The profile of all journeys per second for a scenario's rate, mix and households.</summary>
    public static IRateProfile Build(RateSpec rate, JourneyMix mix, HouseholdMix households) => rate.Kind switch
    {
        RateKind.Constant => new ConstantRate(rate.PerSecond),
        RateKind.Step => new StepRate(rate.Start, rate.Increment, rate.StepSeconds, rate.Max),
        RateKind.Influx => new ScaledRate(
            new InfluxRate((int)rate.Forecast, rate.Compression, households.MeanSize, rate.BurstEveryWeeks, rate.BurstFactor),
            mix.Intake > 0 ? mix.Total / mix.Intake : throw new ArgumentException("An influx rate counts intakes, so the mix needs an intake weight above 0.")),
        _ => throw new ArgumentOutOfRangeException(nameof(rate), rate.Kind, "Unknown rate kind."),
    };
}
