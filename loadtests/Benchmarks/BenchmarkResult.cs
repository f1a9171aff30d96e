using System.Globalization;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Reporting;

namespace Beddengrid.LoadTests.Benchmarks;

/// <summary>One measured phase of a benchmark: how many operations completed in how long, and their latency.</summary>
public sealed record BenchmarkResult(string Name, long Operations, TimeSpan Elapsed, LatencySummary Latency, ProcessCost Cost, long Errors = 0)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {PerSecond:N0}/s ({Operations:N0} in {Elapsed.TotalSeconds:0.0} s{(Errors > 0 ? $", {Errors:N0} errors" : "")}); latency ms p50 {Format.Ms(Latency.P50)} p90 {Format.Ms(Latency.P90)} p99 {Format.Ms(Latency.P99)} p99.9 {Format.Ms(Latency.P999)} max {Format.Ms(Latency.Max)}; {Cost.Describe(Operations)}");

    /// <summary>Of repeated measurements of one thing, the best: highest throughput for closed loops, lowest p99 for fixed rates.</summary>
    public static BenchmarkResult Best(IEnumerable<BenchmarkResult> runs, bool byLatency) =>
        byLatency ? runs.MinBy(r => r.Latency.P99)! : runs.MaxBy(r => r.PerSecond)!;
}
