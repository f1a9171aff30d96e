using System.Diagnostics.Metrics;

namespace Beddengrid.Runtime;

/// <summary>The runtime's instruments, published on the meter named <see cref="MeterName"/>.</summary>
public sealed class RuntimeMetrics : IDisposable
{
    public const string MeterName = "Beddengrid.Runtime";

    private readonly Meter _meter;

    public RuntimeMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        ActivationsCreated = _meter.CreateCounter<long>("beddengrid.runtime.activations.created", description: "Grain activations created.");
        ActivationsCollected = _meter.CreateCounter<long>("beddengrid.runtime.activations.deactivated", description: "Grain activations deactivated.");
        Calls = _meter.CreateCounter<long>("beddengrid.runtime.calls", description: "Grain calls accepted.");
        CallsRejected = _meter.CreateCounter<long>("beddengrid.runtime.calls.rejected", description: "Grain calls rejected because an activation's queue was full.");
        TurnDuration = _meter.CreateHistogram<double>("beddengrid.runtime.turn.duration", "ms", "Time from a call's start on its activation to its completion.");
        StorageLatency = _meter.CreateHistogram<double>("beddengrid.runtime.storage.duration", "ms", "Grain storage operation latency.");
    }

    public Counter<long> ActivationsCreated { get; }
    public Counter<long> ActivationsCollected { get; }
    public Counter<long> Calls { get; }
    public Counter<long> CallsRejected { get; }
    public Histogram<double> TurnDuration { get; }
    public Histogram<double> StorageLatency { get; }

    internal void ObserveDirectory(Func<int> activeActivations, Func<long> queuedCalls)
    {
        _meter.CreateObservableGauge("beddengrid.runtime.activations.active", activeActivations, description: "Grain activations in memory.");
        _meter.CreateObservableGauge("beddengrid.runtime.queue.depth", queuedCalls, description: "Calls waiting in activation queues.");
    }

    public void Dispose() => _meter.Dispose();
}
