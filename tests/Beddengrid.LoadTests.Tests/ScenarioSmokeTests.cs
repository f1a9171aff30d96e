using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Scenarios;
using Beddengrid.LoadTests.Targets;

namespace Beddengrid.LoadTests.Tests;

/// <summary>Each shipped scenario, shortened to seconds on a 5% dataset: it runs, stops by itself, and the audit passes.</summary>
public class ScenarioSmokeTests
{
    /// <summary>A 5% grid has fewer free intake beds than the national one: the smoke run keeps 10, not 20.</summary>
    private const int SmokeFreeBeds = 10;

    [Theory]
    [InlineData("influx")]
    [InlineData("last-beds")]
    [InlineData("closure-wave")]
    [InlineData("stress")]
    [InlineData("stress-http")]
    public async Task A_short_run_of_the_scenario_passes_the_audit_with_every_request_accounted_for(string name)
    {
        var result = await Run(name);

        Assert.True(result.Audit.Passed, string.Join(Environment.NewLine, result.Audit.Violations.Take(10)));
        var recorder = result.Recorder;
        var requests = recorder.Total(OperationKind.Request).Count + recorder.Errors(OperationKind.Request);
        var outcomes = Enum.GetValues<PlacementOutcome>().Sum(recorder.Outcomes);
        Assert.True(requests > 0, "the run made intake requests");
        Assert.Equal(requests, outcomes);
        Assert.True(result.Driver.Started > 0);
        Assert.True(result.Audit.Beds > 0 && result.Audit.PlacementsChecked > 0);
    }

    [Fact]
    public async Task Last_beds_never_holds_more_single_men_than_beds_were_left_or_freed()
    {
        var result = await Run("last-beds");

        var recorder = result.Recorder;
        Assert.True(recorder.Outcomes(PlacementOutcome.Waiting) > recorder.Outcomes(PlacementOutcome.Held), $"most requests must wait for {SmokeFreeBeds} beds");
        // Each cancelled hold gives its bed back once, so held ≤ beds left + cancellations.
        Assert.InRange(recorder.Outcomes(PlacementOutcome.Held), 1, SmokeFreeBeds + recorder.Total(OperationKind.Cancel).Count);
    }

    [Fact]
    public async Task The_closure_wave_sets_locations_to_closing_and_transfers_residents_out()
    {
        var result = await Run("closure-wave");

        Assert.True(result.Recorder.Total(OperationKind.Lifecycle).Count > 0);
        Assert.True(result.Recorder.Total(OperationKind.Transfer).Count > 0);
        Assert.Contains(result.Notes, n => n.Contains("set to Closing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stress_run_judges_each_completed_step_against_the_target()
    {
        var result = await Run("stress");

        Assert.NotNull(result.Stress);
        Assert.NotEmpty(result.Stress.Steps);
        Assert.Equal(Enumerable.Range(0, result.Stress.Steps.Count), result.Stress.Steps.Select(s => s.Step));
    }

    [Fact]
    public async Task A_warm_up_is_left_out_of_the_measurement_but_what_it_placed_is_audited()
    {
        var scenario = ScenarioOverrides.Apply(ScenarioLoader.Load("sustained-placements"),
            new ScenarioOverrides(DurationSeconds: 2, Scale: 0.05, PerSecond: 200, WarmupSeconds: 2));

        var result = await Run(scenario);

        Assert.True(result.Audit.Passed, string.Join(Environment.NewLine, result.Audit.Violations.Take(10)));
        Assert.NotNull(result.Warmup);
        Assert.InRange(result.Warmup.Arrivals, 300, 500);
        Assert.Equal(0, result.Warmup.Errors);
        Assert.Equal(result.Driver.Started, result.Recorder.Total(OperationKind.Request).Count);
        Assert.Equal(result.Warmup.Arrivals + result.Driver.Started, result.Audit.PlacementsChecked);
    }

    /// <summary>The scenario file as shipped, cut to a few seconds on a small dataset (closure wave, stress steps and last beds scaled to fit).</summary>
    private static async Task<RunResult> Run(string name)
    {
        var scenario = ScenarioOverrides.Apply(ScenarioLoader.Load(name), new ScenarioOverrides(DurationSeconds: 4, Scale: 0.05));
        scenario = scenario with
        {
            ClosureWave = scenario.ClosureWave is { } wave ? wave with { AtSeconds = 1 } : null,
            LastBeds = scenario.LastBeds is { } lastBeds ? lastBeds with { FreeBeds = SmokeFreeBeds } : null,
            Arrivals = scenario.Stress is null ? scenario.Arrivals : scenario.Arrivals with { Rate = scenario.Arrivals.Rate with { StepSeconds = 1 } },
        };
        return await Run(scenario);
    }

    private static async Task<RunResult> Run(ScenarioDefinition scenario)
    {
        var dataset = ScenarioRunner.DatasetFor(scenario);
        await using var target = await InProcessGrid.StartAsync(dataset);
        return await new ScenarioRunner(scenario, TextWriter.Null).RunAsync(target, dataset, CancellationToken.None);
    }
}
