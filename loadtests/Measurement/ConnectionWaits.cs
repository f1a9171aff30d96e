using System.Diagnostics.Metrics;

namespace Beddengrid.LoadTests.Measurement;

/// <summary>
/// How long the driver's HTTP requests waited for one of its pooled connections, from System.Net.Http's own metric
/// <c>http.client.request.time_in_queue</c>, which a request records when it found every connection busy. A run's
/// latency counts from each journey's intended start, so it includes such waits; this tells a backlog in the driver's
/// pool apart from time spent in the target.
/// </summary>
public sealed class ConnectionWaits : IDisposable
{
    private const string HttpMeter = "System.Net.Http";
    private const string TimeInQueue = "http.client.request.time_in_queue";

    private readonly MeterListener _listener = new();
    private readonly LatencyHistogram _waits = new();

    /// <summary>Listens from now until disposed, to every HttpClient of this process.</summary>
    public ConnectionWaits()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HttpMeter && instrument.Name == TimeInQueue)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => _waits.Record(TimeSpan.FromSeconds(seconds)));
        _listener.Start();
    }

    public LatencySummary Summarise() => _waits.Summarise();

    public void Dispose() => _listener.Dispose();
}
