using System.Diagnostics;
using Beddengrid.Grains;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Targets;
using Beddengrid.LoadTests.Workload;

namespace Beddengrid.LoadTests.Benchmarks;

public sealed record GridBenchmarkOptions(double Scale, int Workers, int DepartureLag, TimeSpan Duration, TimeSpan Warmup, int PictureThreads)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Scale);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Workers);
        ArgumentOutOfRangeException.ThrowIfNegative(DepartureLag);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PictureThreads);
    }
}

public sealed record GridBenchmarkResult(
    BenchmarkResult Placements,
    LatencySummary Request,
    LatencySummary Confirm,
    LatencySummary Depart,
    long Waiting,
    IReadOnlyDictionary<string, long> WaitingReasons,
    IReadOnlyDictionary<string, long> Errors,
    BenchmarkResult Picture);

/// <summary>
/// The seeded national grid in-process on the memory store, in steady state: closed-loop workers place households
/// (request → held → confirmed) and, once <see cref="GridBenchmarkOptions.DepartureLag"/> households are resident,
/// each placement is followed by the departure of the longest-placed one, so the grid never fills. Then picture
/// queries (national totals from <see cref="GridPicture.Snapshot"/>) on several threads.
/// </summary>
public sealed class GridBenchmark(GridBenchmarkOptions options)
{
    /// <summary>
    /// Requests spread over the chain's phases so placements land all over the grid, not only at intake locations; the
    /// weights follow where the seeded grid has free single-men beds (about 200 for just-registered, 3,200 each for the
    /// extended procedure and permit holders), so the steady state does not drain one phase's capacity into the queue.
    /// </summary>
    private static readonly HouseholdMix SpreadMix = HouseholdMix.Default with
    {
        Phases = new Dictionary<Phase, double>
        {
            [Phase.JustRegistered] = 0.2,
            [Phase.RestAndPreparation] = 0.1,
            [Phase.ExtendedProcedure] = 0.45,
            [Phase.PermitHolder] = 0.25,
        },
    };

    private readonly IdentitySequence _identities = new();

    public async Task<GridBenchmarkResult> RunAsync(InProcessGrid grid)
    {
        options.Validate();
        var warmup = Operations(grid, RunRecorder.StartingNow());
        await Steady(warmup, options.Warmup);
        var cost = ProcessCost.Now();
        var recorder = RunRecorder.StartingNow();
        var measured = Operations(grid, recorder, warmup.Residents);
        var elapsed = await Steady(measured, options.Duration);
        var placements = recorder.Total(OperationKind.Placement);
        var errors = recorder.KindsSeen.Sum(recorder.Errors);
        return new GridBenchmarkResult(
            new BenchmarkResult($"placements, {options.Workers} workers", placements.Count, elapsed, placements.Summarise(), ProcessCost.Now().Since(cost), errors),
            recorder.Total(OperationKind.Request).Summarise(),
            recorder.Total(OperationKind.Confirm).Summarise(),
            recorder.Total(OperationKind.Depart).Summarise(),
            recorder.Outcomes(PlacementOutcome.Waiting),
            recorder.WaitingReasons,
            recorder.ErrorMessages,
            ReadPicture(grid.Picture));
    }

    private GridOperations Operations(InProcessGrid grid, RunRecorder recorder, ResidentPool? residents = null) =>
        new(grid, recorder, new PlacementLedger(), residents ?? new ResidentPool(), new HouseholdGenerator(SpreadMix, new Random(7)),
            _identities, confirmShare: 1, GridPicture.RegistrationCentreCode);

    private async Task<TimeSpan> Steady(GridOperations operations, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await operations.Intake(Stopwatch.GetTimestamp());
                if (operations.Residents.Available > options.DepartureLag)
                {
                    await operations.Depart(Stopwatch.GetTimestamp());
                }
            }
        })));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Dashboard reads: each thread reads national totals in a loop; latency is sampled one read in 64 to keep timing off the hot path.</summary>
    private BenchmarkResult ReadPicture(GridPicture picture)
    {
        const int SampleEvery = 64;
        var latency = new LatencyHistogram();
        var reads = new long[options.PictureThreads];
        var sinks = new long[options.PictureThreads]; // keeps the reads observable, so none is optimised away
        var cost = ProcessCost.Now();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        var threads = Enumerable.Range(0, options.PictureThreads).Select(t => new Thread(() =>
        {
            long count = 0, sum = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                for (var i = 0; i < SampleEvery - 1; i++)
                {
                    sum += picture.Snapshot.National.FreeUsable;
                }
                var start = Stopwatch.GetTimestamp();
                sum += picture.Snapshot.National.FreeUsable;
                latency.RecordSince(start);
                count += SampleEvery;
            }
            reads[t] = count;
            sinks[t] = sum;
        }) { IsBackground = true }).ToArray();
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());
        return new BenchmarkResult($"picture queries, {options.PictureThreads} threads", reads.Sum(), Stopwatch.GetElapsedTime(started), latency.Summarise(), ProcessCost.Now().Since(cost));
    }
}
