using System.Diagnostics;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Scenarios;
using Beddengrid.LoadTests.Targets;
using Beddengrid.LoadTests.Workload;

namespace Beddengrid.LoadTests.Dashboards;

/// <summary>
/// The <c>dashboards</c> side load: <see cref="DashboardsSpec.Subscribers"/> dashboards connect to the silo's hub while
/// the arrivals run, and after the run each sampled acknowledgement of a held placement is matched with the first hub
/// message, at each subscriber, whose picture version includes it (the HTTP target notes the sequence the silo
/// answered with, header X-Picture-Sequence). The lags go into the run's recorder as <see cref="OperationKind.DashboardLag"/>,
/// so the report shows their percentiles and their course over time like any operation's.
/// </summary>
public sealed class DashboardSubscribers(DashboardsSpec spec) : ISideLoad
{
    /// <summary>Connections negotiated at once: enough to connect 1,000 in a few seconds without a burst of 1,000 handshakes.</summary>
    private const int ConnectConcurrency = 32;

    /// <summary>Listening on after the last arrival: four broadcast intervals, so the last acknowledgements can reach every subscriber.</summary>
    private static readonly TimeSpan FinalBroadcastGrace = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly List<string> _notes = [];

    public IReadOnlyList<DashboardSubscriber> Subscribers { get; } = [.. Enumerable.Range(0, spec.Subscribers).Select(i => new DashboardSubscriber(i))];

    public IReadOnlyList<string> Notes => _notes;

    public async Task RunAsync(GridOperations operations, CancellationToken stop)
    {
        var hub = operations.Target as IDashboardHubTarget
            ?? throw new InvalidOperationException($"The dashboards side load needs a target that serves the SignalR hub (--target http); {operations.Target.Description} does not.");
        using var negotiator = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = ConnectConcurrency }) { Timeout = TimeSpan.FromSeconds(30) };
        var connections = new HubSubscription?[Subscribers.Count];
        var connecting = Stopwatch.GetTimestamp();
        try
        {
            await Parallel.ForEachAsync(Subscribers, new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = stop }, async (subscriber, cancel) =>
            {
                try
                {
                    connections[subscriber.Index] = await HubSubscription.ConnectAsync(negotiator, hub.HubAddress, hub.AccessToken, subscriber.Received, cancel);
                    subscriber.Connected(Stopwatch.GetTimestamp());
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    subscriber.Failed($"could not connect: {ex.GetType().Name}: {ex.Message}");
                }
            });
        }
        catch (OperationCanceledException)
        {
            // The run ended before every subscriber was connected; those that did are measured.
        }
        var connectSeconds = Stopwatch.GetElapsedTime(connecting).TotalSeconds;
        await Task.Delay(Timeout.InfiniteTimeSpan, stop).ContinueWith(static _ => { }, TaskScheduler.Default);
        await Task.Delay(FinalBroadcastGrace, CancellationToken.None);
        await Close(connections);
        Measure(hub.Acknowledgements, operations.Recorder);
        Describe(connectSeconds, hub.Acknowledgements, operations.Recorder);
    }

    private async Task Close(HubSubscription?[] connections)
    {
        foreach (var subscriber in Subscribers)
        {
            if (connections[subscriber.Index]?.EndedBecause is { } reason)
            {
                subscriber.Failed($"disconnected during the run: {reason}");
            }
        }
        await Task.WhenAll(connections.OfType<HubSubscription>().Select(c => c.CloseAsync(CloseTimeout)));
        foreach (var connection in connections.OfType<HubSubscription>())
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Subscribers are independent, so they are measured in parallel; the recorder is thread-safe.</summary>
    private void Measure(AcknowledgementLog acknowledgements, RunRecorder recorder)
    {
        var sampled = acknowledgements.Sampled();
        Parallel.ForEach(Subscribers, subscriber =>
            subscriber.MeasureLags(sampled, (acknowledged, arrived) => recorder.Completed(OperationKind.DashboardLag, acknowledged, arrived)));
    }

    private void Describe(double connectSeconds, AcknowledgementLog acknowledgements, RunRecorder recorder)
    {
        var connected = Subscribers.Count(s => s.ConnectedAt is not null);
        var failures = Subscribers.Where(s => s.Failure is not null).ToArray();
        _notes.Add($"Dashboards: {connected:N0} of {Subscribers.Count:N0} subscribers connected to the hub in {connectSeconds:0.0} s; " +
            $"{Subscribers.Sum(s => s.Messages):N0} Snapshot/Update messages received; {failures.Length:N0} failed or were disconnected" +
            (failures.Length > 0 ? $" (first: {failures[0].Failure})." : "."));
        var lag = recorder.Total(OperationKind.DashboardLag).Summarise();
        _notes.Add($"Dashboard lag, from a held placement's HTTP acknowledgement to the first hub message at a subscriber whose picture version includes it: " +
            $"{acknowledgements.Sampled().Count:N0} of {acknowledgements.Seen:N0} acknowledgements sampled (at most one per {AcknowledgementLog.SampleInterval.TotalMilliseconds:0} ms), " +
            $"{lag.Count:N0} lags measured at {Subscribers.Count(s => s.LagsMeasured > 0):N0} subscribers: " +
            $"p50 {Reporting.Format.Ms(lag.P50)} ms, p90 {Reporting.Format.Ms(lag.P90)} ms, p99 {Reporting.Format.Ms(lag.P99)} ms, max {Reporting.Format.Ms(lag.Max)} ms; " +
            $"{Subscribers.Sum(s => s.LagsUnseen):N0} never reached their subscriber before it closed.");
    }
}
