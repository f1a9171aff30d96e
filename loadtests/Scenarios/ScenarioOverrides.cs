namespace Beddengrid.LoadTests.Scenarios;

/// <summary>Command-line values that replace a scenario file's; null leaves the file's value.</summary>
public sealed record ScenarioOverrides(
    double? DurationSeconds = null,
    long? MaxArrivals = null,
    int? MaxInFlight = null,
    double? Scale = null,
    Forecast? Forecast = null,
    double? Compression = null,
    double? PerSecond = null,
    double? WarmupSeconds = null)
{
    public static ScenarioDefinition Apply(ScenarioDefinition scenario, ScenarioOverrides overrides)
    {
        var rate = scenario.Arrivals.Rate;
        var result = scenario with
        {
            Limits = new LimitsSpec(
                overrides.DurationSeconds ?? scenario.Limits.DurationSeconds,
                overrides.MaxArrivals ?? scenario.Limits.MaxArrivals,
                overrides.MaxInFlight ?? scenario.Limits.MaxInFlight,
                overrides.WarmupSeconds ?? scenario.Limits.WarmupSeconds),
            Dataset = scenario.Dataset with { Scale = overrides.Scale ?? scenario.Dataset.Scale },
            Arrivals = scenario.Arrivals with
            {
                Rate = rate with
                {
                    Forecast = overrides.Forecast ?? rate.Forecast,
                    Compression = overrides.Compression ?? rate.Compression,
                    PerSecond = overrides.PerSecond ?? rate.PerSecond,
                },
            },
        };
        result.Validate();
        return result;
    }
}
