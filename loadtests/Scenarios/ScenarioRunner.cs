using System.Diagnostics;
using Beddengrid.Grains;
using Beddengrid.LoadTests.Arrivals;
using Beddengrid.LoadTests.Audit;
using Beddengrid.LoadTests.Dashboards;
using Beddengrid.LoadTests.Driver;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Reporting;
using Beddengrid.LoadTests.Targets;
using Beddengrid.LoadTests.Workload;

namespace Beddengrid.LoadTests.Scenarios;

/// <summary>Everything one scenario run produced, for the report and for tests.</summary>
public sealed record RunResult(
    ScenarioDefinition Scenario,
    string Target,
    DriverResult Driver,
    RunRecorder Recorder,
    AuditReport Audit,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ISideLoad> SideLoads,
    StressResult? Stress,
    long IdleJourneys,
    int DatasetBeds,
    int DatasetResidents,
    WarmupSummary? Warmup,
    LatencySummary ConnectionWaits);

/// <summary>What the unmeasured warm-up before a run did; its placements are in the audit like every other.</summary>
public sealed record WarmupSummary(TimeSpan Duration, long Arrivals, long Errors);

/// <summary>
/// Runs a scenario against a target: shapes the grid, warms it up if the scenario asks, starts arrivals on the open model
/// with any side loads, prints a progress line per second, then audits the grid once everything has stopped.
/// </summary>
public sealed class ScenarioRunner(ScenarioDefinition scenario, TextWriter progress)
{
    /// <summary>The dataset a scenario's <see cref="DatasetSpec"/> describes.</summary>
    public static NationalDataset DatasetFor(ScenarioDefinition scenario) =>
        NationalDataset.Generate(scenario.Dataset.AsOfDate, scenario.Dataset.Seed, scenario.Dataset.Scale);

    public async Task<RunResult> RunAsync(IGridTarget target, NationalDataset dataset, CancellationToken cancel)
    {
        var notes = new List<string>();
        if (scenario.LastBeds is { } lastBeds)
        {
            notes.AddRange(await new LastBedsSetup(lastBeds).ApplyAsync(target.Desk));
        }
        var residents = new ResidentPool();
        if (scenario.ActOnSeededResidents)
        {
            // Shuffled so departures and transfers spread over the grid instead of emptying the first locations.
            var shuffle = new Random(scenario.Dataset.Seed);
            foreach (var arrival in dataset.Residents.OrderBy(_ => shuffle.Next()))
            {
                residents.Add(new Resident(arrival.Request.CaseReference, arrival.Request.Phase));
            }
        }
        var ledger = new PlacementLedger();
        var households = new HouseholdGenerator(scenario.Households, new Random(scenario.Dataset.Seed));
        var identities = new IdentitySequence();
        GridOperations RecordedBy(RunRecorder recorder) =>
            new(target, recorder, ledger, residents, households, identities, scenario.ConfirmShare, GridPicture.RegistrationCentreCode);
        var profile = RateFactory.Build(scenario.Arrivals.Rate, scenario.Mix, scenario.Households);
        var warmup = scenario.Limits.WarmupSeconds > 0 ? await WarmUpAsync(RecordedBy(RunRecorder.StartingNow()), profile, cancel) : null;

        using var connectionWaits = new ConnectionWaits();
        var recorder = RunRecorder.StartingNow();
        var operations = RecordedBy(recorder);
        var driver = DriverFor(profile, TimeSpan.FromSeconds(scenario.Limits.DurationSeconds));
        var stress = scenario.Stress is { } stressSpec ? new StressSearch(stressSpec, (StepRate)profile) : null;

        using var stopArrivals = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var stopSideLoads = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var sideLoads = SideLoadsFor(scenario, recorder.StartTimestamp);
        var sideTasks = sideLoads.Select(s => Task.Run(() => s.RunAsync(operations, stopSideLoads.Token), CancellationToken.None)).ToArray();
        var driven = await DriveAsync(driver, operations, stress, stopArrivals);
        await stopSideLoads.CancelAsync();
        await Task.WhenAll(sideTasks);
        notes.AddRange(sideLoads.SelectMany(s => s.Notes));
        var stressResult = stress?.Evaluate(recorder, driven.Elapsed + TimeSpan.FromSeconds(1));
        var waits = connectionWaits.Summarise();

        progress.WriteLine("Auditing the grid...");
        var audit = await new GridAudit(target.Inspection).RunAsync(operations.Ledger, TimeSpan.FromSeconds(30));
        return new RunResult(scenario, target.Description, driven, recorder, audit, notes, sideLoads, stressResult, operations.Idle, dataset.Beds, dataset.Residents.Count, warmup, waits);
    }

    /// <summary>
    /// The scenario's arrivals from the start of its profile for the warm-up's length, recorded apart and left out of
    /// the measurement: a silo that has just started compiles its code paths and activates its grains in the first
    /// seconds, which a steady-state measurement should not count.
    /// </summary>
    private async Task<WarmupSummary> WarmUpAsync(GridOperations operations, IRateProfile profile, CancellationToken cancel)
    {
        var duration = TimeSpan.FromSeconds(scenario.Limits.WarmupSeconds);
        progress.WriteLine($"Warming up for {duration.TotalSeconds:0.#} s (not measured, audited)...");
        var driver = DriverFor(profile, duration);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var driven = await DriveAsync(driver, operations, stress: null, stop);
        var recorder = operations.Recorder;
        var warmup = new WarmupSummary(duration, driven.Started, recorder.KindsSeen.Sum(recorder.Errors));
        progress.WriteLine($"Warm-up done: {warmup.Arrivals:N0} arrivals, {warmup.Errors:N0} errors. Measuring for {scenario.Limits.DurationSeconds:0.#} s...");
        return warmup;
    }

    /// <summary>The scenario's arrivals from the start of its profile, for <paramref name="duration"/> within its limits.</summary>
    private OpenModelDriver DriverFor(IRateProfile profile, TimeSpan duration) => new(
        new ArrivalSchedule(profile, scenario.Arrivals.Process, new Random(scenario.Dataset.Seed)),
        new RunLimits(duration, scenario.Limits.MaxArrivals, scenario.Limits.MaxInFlight));

    /// <summary>Runs the arrivals to their end, printing a progress line a second; a stress search may stop them early.</summary>
    private async Task<DriverResult> DriveAsync(OpenModelDriver driver, GridOperations operations, StressSearch? stress, CancellationTokenSource stopArrivals)
    {
        var recorder = operations.Recorder;
        var journeys = new JourneyPicker(scenario.Mix, operations);
        var run = driver.RunAsync((_, due) => journeys.Start(due), recorder.StartTimestamp, stopArrivals.Token);
        var printer = new ProgressPrinter(progress, recorder, driver);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
            printer.PrintLastSecond();
            if (stress is not null && StressSearch.ShouldStop(stress.Evaluate(recorder, recorder.Elapsed)))
            {
                await stopArrivals.CancelAsync();
            }
        }
        return await run;
    }

    /// <summary>The loads that run beside the arrivals: the closure wave, and the dashboards' SignalR subscribers.</summary>
    internal static IReadOnlyList<ISideLoad> SideLoadsFor(ScenarioDefinition scenario, long runStartTimestamp)
    {
        var loads = new List<ISideLoad>();
        if (scenario.ClosureWave is { } wave)
        {
            loads.Add(new ClosureWave(wave, runStartTimestamp));
        }
        if (scenario.Dashboards is { } dashboards)
        {
            loads.Add(new DashboardSubscribers(dashboards));
        }
        return loads;
    }

    /// <summary>Chooses each arrival's journey by the mix's weights.</summary>
    private sealed class JourneyPicker(JourneyMix mix, GridOperations operations)
    {
        public Task Start(long due)
        {
            var roll = Random.Shared.NextDouble() * mix.Total;
            if ((roll -= mix.Intake) < 0)
            {
                return operations.Intake(due);
            }
            if ((roll -= mix.Transfer) < 0)
            {
                return operations.Transfer(due);
            }
            return roll - mix.Depart < 0 ? operations.Depart(due) : operations.ReadPicture(due);
        }
    }
}
