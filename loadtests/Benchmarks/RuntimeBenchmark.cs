using System.Diagnostics;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Beddengrid.LoadTests.Benchmarks;

public sealed record RuntimeBenchmarkOptions(int Grains, int Workers, double OpenRate, int Pacers, TimeSpan Duration, TimeSpan Warmup, int MaxInFlight)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Grains);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Workers);
        ArgumentOutOfRangeException.ThrowIfNegative(OpenRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Pacers);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxInFlight);
    }
}

/// <summary>
/// Grain-call throughput and latency of the runtime alone, over <see cref="RuntimeBenchmarkOptions.Grains"/> ping grains
/// on the memory store. Closed model: each worker awaits one call at a time. Open model: pacer threads issue calls at a
/// fixed total rate and times each from its scheduled start (so falling behind shows as latency).
/// Workers use disjoint grain stripes, so this measures the call path rather than two threads meeting on one mailbox.
/// </summary>
public sealed class RuntimeBenchmark(RuntimeBenchmarkOptions options) : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddGrainRuntime(null, typeof(PingGrain).Assembly)
        .BuildServiceProvider();

    private IPingGrain[] _grains = [];
    private int _inFlight;

    public async Task StartAsync()
    {
        options.Validate();
        var factory = _services.GetRequiredService<IGrainFactory>();
        _grains = [.. Enumerable.Range(0, options.Grains).Select(i => factory.GetGrain<IPingGrain>($"ping-{i}"))];
        foreach (var grain in _grains)
        {
            await grain.Ping(0);
        }
        // Warm up both paths so tiered JIT has settled before anything is measured.
        await ClosedLoop(options.Warmup);
        if (options.OpenRate > 0)
        {
            OpenLoop(options.Warmup);
        }
    }

    public Task<BenchmarkResult> ClosedLoop() => ClosedLoop(options.Duration);

    public BenchmarkResult OpenLoop() => OpenLoop(options.Duration);

    private async Task<BenchmarkResult> ClosedLoop(TimeSpan duration)
    {
        var histograms = Enumerable.Range(0, options.Workers).Select(_ => new LatencyHistogram()).ToArray();
        var cost = ProcessCost.Now();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => Worker(w, histograms[w], deadline))));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var total = Merge(histograms);
        return new BenchmarkResult($"closed, {options.Workers} workers", total.Count, elapsed, total.Summarise(), ProcessCost.Now().Since(cost));
    }

    private async Task Worker(int worker, LatencyHistogram latency, long deadline)
    {
        var grains = _grains;
        for (long call = 0; ; call++)
        {
            if ((call & 1023) == 0 && Stopwatch.GetTimestamp() >= deadline)
            {
                return;
            }
            var grain = grains[(int)((worker + call * options.Workers) % grains.Length)];
            var start = Stopwatch.GetTimestamp();
            await grain.Ping((int)call);
            latency.RecordSince(start);
        }
    }

    private BenchmarkResult OpenLoop(TimeSpan duration)
    {
        var pacers = options.Pacers;
        var histograms = Enumerable.Range(0, pacers).Select(_ => new LatencyHistogram()).ToArray();
        var shed = new long[pacers];
        var cost = ProcessCost.Now();
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var threads = Enumerable.Range(0, pacers)
            .Select(p => new Thread(() => shed[p] = Pace(p, pacers, histograms[p], started, end)) { IsBackground = true, Name = $"pacer-{p}" })
            .ToArray();
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());
        while (Volatile.Read(ref _inFlight) > 0)
        {
            Thread.Sleep(1);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var total = Merge(histograms);
        return new BenchmarkResult($"open, {options.OpenRate:N0} calls/s, {pacers} pacer(s)", total.Count, elapsed, total.Summarise(), ProcessCost.Now().Since(cost), Errors: shed.Sum());
    }

    /// <summary>Issues this pacer's share of the open-model rate; returns calls shed at the in-flight bound.</summary>
    private long Pace(int pacer, int pacers, LatencyHistogram latency, long started, long end)
    {
        var interval = Stopwatch.Frequency * pacers / options.OpenRate;
        var grains = _grains;
        var due = started + interval * pacer / pacers;
        long shed = 0;
        for (long call = 0; due < end; call++, due += interval)
        {
            var dueTimestamp = (long)due;
            while (Stopwatch.GetTimestamp() < dueTimestamp)
            {
                Thread.SpinWait(8);
            }
            if (Volatile.Read(ref _inFlight) >= options.MaxInFlight)
            {
                shed++;
                continue;
            }
            var outcome = grains[(int)((pacer + call * pacers) % grains.Length)].Ping((int)call);
            if (outcome.IsCompleted)
            {
                latency.RecordSince(dueTimestamp);
            }
            else
            {
                // Queued behind another call: time it when it completes, without blocking the pacer.
                Interlocked.Increment(ref _inFlight);
                outcome.ContinueWith(_ =>
                {
                    latency.RecordSince(dueTimestamp);
                    Interlocked.Decrement(ref _inFlight);
                }, TaskContinuationOptions.ExecuteSynchronously);
            }
        }
        return shed;
    }

    private static LatencyHistogram Merge(IEnumerable<LatencyHistogram> histograms)
    {
        var total = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            total.Add(histogram);
        }
        return total;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
