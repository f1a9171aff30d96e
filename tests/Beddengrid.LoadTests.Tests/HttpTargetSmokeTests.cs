using Beddengrid.LoadTests.Arrivals;
using Beddengrid.LoadTests.Dashboards;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Scenarios;
using Beddengrid.LoadTests.Targets.Http;

namespace Beddengrid.LoadTests.Tests;

/// <summary>Short runs over HTTP against a real silo on 127.0.0.1: the driver, the audit and the dashboards work end to end.</summary>
public sealed class HttpTargetSmokeTests(LoopbackSilo silo) : IClassFixture<LoopbackSilo>
{
    private const int MaxInFlight = 20;

    [Fact]
    public async Task A_short_http_run_passes_the_audit_with_every_request_accounted_for_and_the_in_flight_bound_held()
    {
        var scenario = Scenario("http-smoke", perSecond: 150) with { Mix = new JourneyMix(Intake: 1, Depart: 1, Picture: 0.2) };

        var (result, peakRequests) = await Run(scenario);

        Assert.True(result.Audit.Passed, string.Join(Environment.NewLine, result.Audit.Violations.Take(10)));
        var recorder = result.Recorder;
        var requests = recorder.Total(OperationKind.Request).Count + recorder.Errors(OperationKind.Request);
        Assert.True(requests > 0, "the run made intake requests");
        Assert.Equal(requests, Enum.GetValues<PlacementOutcome>().Sum(recorder.Outcomes));
        Assert.True(recorder.Total(OperationKind.Depart).Count > 0, "seeded residents departed over HTTP");
        Assert.True(result.Audit.Beds > 0 && result.Audit.PlacementsChecked > 0);
        Assert.InRange(peakRequests, 1, MaxInFlight);
    }

    [Fact]
    public async Task A_short_dashboards_run_measures_lag_at_every_subscriber()
    {
        var scenario = Scenario("dashboards-smoke", perSecond: 100) with
        {
            Mix = new JourneyMix(Intake: 1, Depart: 1),
            Dashboards = new DashboardsSpec(Subscribers: 20),
        };

        var (result, _) = await Run(scenario);

        Assert.True(result.Audit.Passed, string.Join(Environment.NewLine, result.Audit.Violations.Take(10)));
        var subscribers = result.SideLoads.OfType<DashboardSubscribers>().Single().Subscribers;
        Assert.Equal(20, subscribers.Count);
        Assert.All(subscribers, s =>
        {
            Assert.Null(s.Failure);
            Assert.True(s.LagsMeasured > 0, $"subscriber {s.Index} measured no lag ({s.Messages} messages)");
        });
        Assert.Equal(subscribers.Sum(s => s.LagsMeasured), result.Recorder.Total(OperationKind.DashboardLag).Count);
    }

    [Fact]
    public async Task The_http_target_refuses_a_silo_whose_grid_is_not_the_scenarios()
    {
        var national = ScenarioRunner.DatasetFor(Scenario("national", perSecond: 1) with { Dataset = new DatasetSpec(1.0, AsOf: LoopbackSilo.AsOf) });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => HttpGridTarget.StartAsync(silo.TargetOptions(), national));

        Assert.Contains("Seed:Scale", refused.Message, StringComparison.Ordinal);
    }

    private async Task<(RunResult Result, int PeakRequests)> Run(ScenarioDefinition scenario)
    {
        var dataset = ScenarioRunner.DatasetFor(scenario);
        await using var target = await HttpGridTarget.StartAsync(silo.TargetOptions(), dataset);
        var result = await new ScenarioRunner(scenario, TextWriter.Null).RunAsync(target, dataset, CancellationToken.None);
        return (result, target.PeakOutstandingRequests);
    }

    private static ScenarioDefinition Scenario(string name, double perSecond) => new()
    {
        Name = name,
        Dataset = new DatasetSpec(LoopbackSilo.Scale, AsOf: LoopbackSilo.AsOf),
        Limits = new LimitsSpec(DurationSeconds: 3, MaxArrivals: 10_000, MaxInFlight: MaxInFlight),
        Arrivals = new ArrivalsSpec(ArrivalProcess.Poisson, new RateSpec(RateKind.Constant, PerSecond: perSecond)),
    };
}
