using System.Diagnostics;
using Beddengrid.LoadTests.Scenarios;

namespace Beddengrid.LoadTests.Tests;

/// <summary>A bad option is refused at once, naming what is wrong, before a grid is generated or a target is touched.</summary>
public class CommandLineTests
{
    /// <summary>Generating and seeding the national grid takes seconds; a refusal must come well before that.</summary>
    private static readonly TimeSpan BeforeAnyGridStarts = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("sustained-placements", "--rate", "-5")]
    [InlineData("sustained-placements", "--duration", "0")]
    [InlineData("influx", "--scale", "0")]
    [InlineData("influx", "--compression", "-1")]
    [InlineData("last-beds", "--max-in-flight", "0")]
    [InlineData("grid-bench", "--picture-threads", "0")]
    [InlineData("grid-bench", "--workers", "-1")]
    [InlineData("sustained-placements", "--target", "http")]
    [InlineData("sustained-placements", "--target", "http", "--url", "http://10.1.2.3:5080")]
    public async Task A_bad_option_exits_with_the_usage_code_before_any_grid_starts(params string[] args)
    {
        var clock = Stopwatch.StartNew();

        var exitCode = await Program.Main(args);

        Assert.Equal(Program.UsageError, exitCode);
        Assert.True(clock.Elapsed < BeforeAnyGridStarts, $"Refusing {string.Join(' ', args)} took {clock.Elapsed}.");
    }

    [Theory]
    [InlineData(-5.0, "arrivals.rate")]
    [InlineData(0.0, "arrivals.rate")]
    public void A_scenario_with_an_unusable_rate_is_refused_naming_the_rate(double perSecond, string field)
    {
        var scenario = ScenarioLoader.Load("sustained-placements");

        var refusal = Assert.Throws<ArgumentException>(() => ScenarioOverrides.Apply(scenario, new ScenarioOverrides(PerSecond: perSecond)));

        Assert.Contains(field, refusal.Message);
        Assert.Contains(scenario.Name, refusal.Message);
    }

    [Fact]
    public void A_scenario_without_a_bound_on_its_duration_is_refused_naming_the_limits()
    {
        var scenario = ScenarioLoader.Load("influx");

        var refusal = Assert.Throws<ArgumentException>(() => ScenarioOverrides.Apply(scenario, new ScenarioOverrides(DurationSeconds: 0)));

        Assert.Contains("limits.durationSeconds", refusal.Message);
    }
}
