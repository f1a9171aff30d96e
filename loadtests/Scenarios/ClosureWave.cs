using System.Diagnostics;
using Beddengrid.Grains;
using Beddengrid.LoadTests.Arrivals;
using Beddengrid.LoadTests.Driver;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Workload;

namespace Beddengrid.LoadTests.Scenarios;

/// <summary>
/// Contracts lapse: a share of the locations goes to Closing (no new placements) and the desk transfers their
/// residents out at a steady rate, while intake continues. Earliest contract end closes first, as it would in practice.
/// </summary>
public sealed class ClosureWave(ClosureWaveSpec spec, long runStartTimestamp) : ISideLoad
{
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> Notes => _notes;

    public async Task RunAsync(GridOperations operations, CancellationToken stop)
    {
        var wait = TimeSpan.FromSeconds(spec.AtSeconds) - Stopwatch.GetElapsedTime(runStartTimestamp);
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var desk = operations.Target.Desk;
        var candidates = new List<LocationSummary>();
        foreach (var code in await desk.LocationCodes())
        {
            var summary = (await desk.Location(code)).Summary;
            if (summary.Lifecycle == Lifecycle.Open && spec.Kinds.Contains(summary.Profile.Kind))
            {
                candidates.Add(summary);
            }
        }
        var closing = candidates
            .OrderBy(s => s.Profile.ContractEnd ?? DateOnly.MaxValue).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Take((int)Math.Ceiling(candidates.Count * spec.LocationShare))
            .ToArray();
        var residents = new List<(string CaseReference, Phase Phase)>();
        foreach (var location in closing)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await desk.SetLifecycle(location.Code, Lifecycle.Closing);
                operations.Recorder.Completed(OperationKind.Lifecycle, started);
            }
            catch (Exception ex)
            {
                operations.Recorder.Failed(OperationKind.Lifecycle, ex);
                continue;
            }
            residents.AddRange((await desk.Location(location.Code)).Beds
                .Where(b => b.Occupant is not null)
                .Select(b => (b.Occupant!.CaseReference, b.Occupant.Phase))
                .Distinct());
        }
        _notes.Add($"At {spec.AtSeconds:0.#} s: {closing.Length} of {candidates.Count} open {string.Join("/", spec.Kinds)} locations set to Closing, {residents.Count:N0} resident households to transfer out at {spec.TransfersPerSecond:N0}/s.");
        if (residents.Count == 0)
        {
            return;
        }
        long claimed = 0;
        var driver = new OpenModelDriver(
            new ArrivalSchedule(new ConstantRate(spec.TransfersPerSecond), ArrivalProcess.Constant, new Random(1)),
            new RunLimits(TimeSpan.FromDays(1), residents.Count, maxInFlight: 10_000));
        var result = await driver.RunAsync(async (sequence, due) =>
        {
            var (caseReference, phase) = residents[(int)sequence];
            if (await operations.TransferOut(caseReference, phase, due))
            {
                Interlocked.Increment(ref claimed);
            }
        }, Stopwatch.GetTimestamp(), stop);
        _notes.Add($"Closure wave: {claimed:N0} transfers attempted, {result.Started - claimed:N0} residents skipped (already departing or moving in the main load), {result.ShedAtInFlightBound:N0} shed.");
    }
}
