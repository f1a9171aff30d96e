using Beddengrid.LoadTests.Driver;
using Beddengrid.LoadTests.Measurement;

namespace Beddengrid.LoadTests.Reporting;

/// <summary>One line per second of a run: throughput and latency by kind, outcomes so far, backlog and errors.</summary>
public sealed class ProgressPrinter(TextWriter output, RunRecorder recorder, OpenModelDriver driver)
{
    private int _printedUpTo;

    public void PrintLastSecond()
    {
        var second = (int)recorder.Elapsed.TotalSeconds - 1;
        if (second < _printedUpTo)
        {
            return;
        }
        _printedUpTo = second + 1;
        var kinds = recorder.KindsSeen
            .Select(kind => recorder.SampleAt(second, kind))
            .OfType<SecondSample>()
            .Select(s => $"{s.Kind.ToString().ToLowerInvariant()} {s.Completed:N0}/s p50 {Format.Ms(s.Latency.P50)}ms p99 {Format.Ms(s.Latency.P99)}ms{(s.Errors > 0 ? $" err {s.Errors}" : "")}");
        output.WriteLine(
            $"[{second + 1,4}s] {string.Join(" | ", kinds)} | held {recorder.Outcomes(PlacementOutcome.Held):N0} waiting {recorder.Outcomes(PlacementOutcome.Waiting):N0} rejected {recorder.Outcomes(PlacementOutcome.Rejected):N0} | in-flight {driver.InFlight:N0} shed {driver.Shed:N0}");
    }
}
