using System.Globalization;
using System.Text;
using System.Text.Json;
using Beddengrid.LoadTests.Audit;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Scenarios;

namespace Beddengrid.LoadTests.Reporting;

/// <summary>
/// Writes a run's report into a folder: report.md (parameters, machine, tables, audit), latency.svg and
/// throughput.svg (per second), series.csv (the raw per-second series) and scenario.json (exactly what ran).
/// </summary>
public static class RunReportWriter
{
    public static string Write(RunResult result, string folder, string commandLine)
    {
        Directory.CreateDirectory(folder);
        var seconds = (int)Math.Ceiling(result.Driver.Elapsed.TotalSeconds) + 1;
        var series = result.Recorder.Series(seconds);
        File.WriteAllText(Path.Combine(folder, "series.csv"), Csv(series));
        File.WriteAllText(Path.Combine(folder, "latency.svg"), LatencyChart(series));
        File.WriteAllText(Path.Combine(folder, "throughput.svg"), ThroughputChart(series));
        File.WriteAllText(Path.Combine(folder, "scenario.json"), JsonSerializer.Serialize(result.Scenario, new JsonSerializerOptions(ScenarioLoader.Json) { WriteIndented = true }));
        var path = Path.Combine(folder, "report.md");
        File.WriteAllText(path, Markdown(result, commandLine));
        return path;
    }

    private static string Markdown(RunResult result, string commandLine)
    {
        var scenario = result.Scenario;
        var recorder = result.Recorder;
        var elapsed = result.Driver.Elapsed.TotalSeconds;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Load test: {scenario.Name}").AppendLine();
        md.AppendLine(scenario.Description).AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Audit: {(result.Audit.Passed ? "PASSED" : "FAILED")}** · {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine();
        md.AppendLine("## Parameters").AppendLine();
        md.AppendLine("| | |").AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| command | `{commandLine}` |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| target | {result.Target} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| machine | {MachineInfo.Current()} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| dataset | scale {scenario.Dataset.Scale}, seed {scenario.Dataset.Seed}, as of {scenario.Dataset.AsOfDate:yyyy-MM-dd}: {result.DatasetBeds:N0} beds, {result.DatasetResidents:N0} resident households |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| arrivals | {scenario.Arrivals.Process}, {Describe(scenario.Arrivals.Rate)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| journey mix | intake {scenario.Mix.Intake}, transfer {scenario.Mix.Transfer}, depart {scenario.Mix.Depart}, picture {scenario.Mix.Picture}; confirm share {scenario.ConfirmShare} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| limits | {scenario.Limits.DurationSeconds} s, {scenario.Limits.MaxArrivals:N0} arrivals, {scenario.Limits.MaxInFlight:N0} in flight |");
        if (result.Warmup is { } warmup)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| warm-up | {warmup.Duration.TotalSeconds:0.#} s of the same arrivals before measuring, left out of every table and chart below but audited: {warmup.Arrivals:N0} arrivals, {warmup.Errors:N0} errors |");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| driver | {result.Driver.Started:N0} arrivals in {elapsed:0.0} s; peak in flight {result.Driver.PeakInFlight:N0}; shed at the in-flight bound {result.Driver.ShedAtInFlightBound:N0}; idle journeys (no resident to move) {result.IdleJourneys:N0}{(result.Driver.StoppedEarly ? "; stopped early" : "")} |");
        md.AppendLine();

        md.AppendLine("## Latency and throughput by operation").AppendLine();
        md.AppendLine("| operation | completed | per s | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in recorder.KindsSeen)
        {
            var l = recorder.Total(kind).Summarise();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind} | {l.Count:N0} | {l.Count / elapsed:N0} | {recorder.Errors(kind):N0} | {Format.Ms(l.P50)} | {Format.Ms(l.P90)} | {Format.Ms(l.P99)} | {Format.Ms(l.P999)} | {Format.Ms(l.Max)} |");
        }
        md.AppendLine().AppendLine("Latency of a journey's first call counts from its intended start on the open-model schedule, so driver backlog shows up as latency.").AppendLine();
        if (result.ConnectionWaits is { Count: > 0 } waits)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Of that backlog, {waits.Count:N0} HTTP calls found every pooled connection of the driver busy and waited for one: p50 {Format.Ms(waits.P50)} ms, p99 {Format.Ms(waits.P99)} ms, max {Format.Ms(waits.Max)} ms (System.Net.Http's `http.client.request.time_in_queue`).").AppendLine();
        }

        md.AppendLine("## Intake outcomes").AppendLine();
        md.AppendLine("| held | waiting | rejected (error) |").AppendLine("|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| {recorder.Outcomes(PlacementOutcome.Held):N0} | {recorder.Outcomes(PlacementOutcome.Waiting):N0} | {recorder.Outcomes(PlacementOutcome.Rejected):N0} |").AppendLine();

        if (recorder.WaitingReasons.Count > 0)
        {
            md.AppendLine("Why requests waited:").AppendLine();
            foreach (var (reason, count) in recorder.WaitingReasons.OrderByDescending(e => e.Value))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {count:N0} × {reason}");
            }
            md.AppendLine();
        }
        if (recorder.ErrorMessages.Count > 0)
        {
            md.AppendLine("## Errors").AppendLine();
            foreach (var (message, count) in recorder.ErrorMessages.OrderByDescending(e => e.Value))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {count:N0} × {message}");
            }
            md.AppendLine();
        }
        if (result.Notes.Count > 0)
        {
            md.AppendLine("## Scenario notes").AppendLine();
            result.Notes.ToList().ForEach(n => md.AppendLine($"- {n}"));
            md.AppendLine();
        }
        if (result.Stress is { } stress)
        {
            AppendStress(md, stress);
        }
        AppendAudit(md, result.Audit);
        md.AppendLine("## Over time").AppendLine();
        md.AppendLine("![latency per second](latency.svg)").AppendLine();
        md.AppendLine("![throughput per second](throughput.svg)").AppendLine();
        md.AppendLine("Raw per-second series: [series.csv](series.csv). Scenario as run: [scenario.json](scenario.json).");
        return md.ToString();
    }

    private static void AppendStress(StringBuilder md, StressResult stress)
    {
        md.AppendLine("## Stress search").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Target: {stress.Spec.Operation} p99 < {stress.Spec.TargetP99Ms} ms with no errors. ");
        md.AppendLine(stress.Highest is { } best
            ? string.Create(CultureInfo.InvariantCulture, $"**Highest rate meeting it: {best.Rate:N0} journeys/s** (p99 {Format.Ms(best.Latency.P99)} ms).")
            : "**No step met the target.**").AppendLine();
        md.AppendLine("| step | rate/s | completed | errors | p50 ms | p99 ms | met |").AppendLine("|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in stress.Steps)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Step} | {s.Rate:N0} | {s.Completed:N0} | {s.Errors:N0} | {Format.Ms(s.Latency.P50)} | {Format.Ms(s.Latency.P99)} | {(s.IsWarmup ? "warm-up" : s.MetTarget ? "yes" : "no")} |");
        }
        md.AppendLine();
    }

    private static void AppendAudit(StringBuilder md, AuditReport audit)
    {
        md.AppendLine("## Invariant audit").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Walked {audit.Locations:N0} locations and {audit.Beds:N0} beds; re-read {audit.PlacementsChecked:N0} acknowledged placements. ");
        md.AppendLine("Checks: no bed with two holders or occupants (status, hold and occupant agree; no placement or case in two locations); each location's published counts and the picture's national counts equal the beds' states; every acknowledged placement still exists in its acknowledged state with exactly its household's beds.").AppendLine();
        if (audit.Passed)
        {
            md.AppendLine("Result: **passed**.").AppendLine();
            return;
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"Result: **failed, {audit.Violations.Count:N0} violations**:").AppendLine();
        foreach (var violation in audit.Violations.Take(AuditReport.ListedViolations))
        {
            md.AppendLine($"- {violation}");
        }
        md.AppendLine();
    }

    private static string Describe(RateSpec rate) => rate.Kind switch
    {
        RateKind.Constant => string.Create(CultureInfo.InvariantCulture, $"constant {rate.PerSecond:N0}/s"),
        RateKind.Step => string.Create(CultureInfo.InvariantCulture, $"steps from {rate.Start:N0}/s, +{rate.Increment:N0} every {rate.StepSeconds} s, max {rate.Max:N0}/s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"influx, forecast {rate.Forecast} ({(int)rate.Forecast:N0}/year), compressed {rate.Compression:N0}×, burst {rate.BurstFactor}× every {rate.BurstEveryWeeks} weeks"),
    };

    private static string Csv(IReadOnlyList<SecondSample> series)
    {
        var csv = new StringBuilder("second,operation,completed,errors,p50_ms,p90_ms,p99_ms,p999_ms,max_ms\n");
        foreach (var s in series)
        {
            csv.AppendLine(CultureInfo.InvariantCulture,
                $"{s.Second},{s.Kind},{s.Completed},{s.Errors},{s.Latency.P50.TotalMilliseconds},{s.Latency.P90.TotalMilliseconds},{s.Latency.P99.TotalMilliseconds},{s.Latency.P999.TotalMilliseconds},{s.Latency.Max.TotalMilliseconds}");
        }
        return csv.ToString();
    }

    private static string LatencyChart(IReadOnlyList<SecondSample> series) => SvgLineChart.Render(
        "Latency per second (p50 and p99)", "seconds", "ms",
        [.. series.GroupBy(s => s.Kind).SelectMany(g => new[]
        {
            new ChartSeries($"{g.Key} p50", [.. g.Select(s => ((double)s.Second, s.Latency.P50.TotalMilliseconds))]),
            new ChartSeries($"{g.Key} p99", [.. g.Select(s => ((double)s.Second, s.Latency.P99.TotalMilliseconds))]),
        })]);

    private static string ThroughputChart(IReadOnlyList<SecondSample> series) => SvgLineChart.Render(
        "Completed per second", "seconds", "operations/s",
        [.. series.GroupBy(s => s.Kind).Select(g => new ChartSeries(g.Key.ToString(), [.. g.Select(s => ((double)s.Second, (double)s.Completed))]))]);
}
