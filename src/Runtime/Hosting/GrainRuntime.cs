using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beddengrid.Runtime;

/// <summary>
/// The silo's grain directory and dispatcher: at most one activation per grain identity, activated on first call and
/// collected when idle.
/// </summary>
public sealed partial class GrainRuntime : IGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, Activation> _directory = new();
    private readonly GrainTypeRegistry _types;
    private readonly ILogger<GrainRuntime> _logger;
    private readonly ResponseDeadlines _deadlines;
    private ITimer? _collector;

    public GrainRuntime(
        IServiceProvider services,
        GrainTypeRegistry types,
        IOptions<GrainRuntimeOptions> options,
        TimeProvider timeProvider,
        RuntimeMetrics metrics,
        ILogger<GrainRuntime> logger)
    {
        Services = services;
        _types = types;
        Options = options.Value;
        TimeProvider = timeProvider;
        Metrics = metrics;
        _logger = logger;
        _deadlines = new ResponseDeadlines(timeProvider, Options.ResponseTimeout);
        metrics.ObserveDirectory(() => _directory.Count, () => _directory.Values.Sum(a => (long)a.QueueLength));
    }

    internal IServiceProvider Services { get; }
    internal GrainRuntimeOptions Options { get; }
    internal TimeProvider TimeProvider { get; }
    internal RuntimeMetrics Metrics { get; }

    /// <summary>Grain activations currently in memory (observer references excluded).</summary>
    public int ActivationCount => _directory.Values.Count(a => !a.IsObserver);

    public bool IsActive(GrainId grainId) => _directory.ContainsKey(grainId);

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var grainClass = _types.ForInterface(typeof(TGrainInterface));
        return (TGrainInterface)(object)ProxyPrototype<TGrainInterface>.Value.BoundTo(this, new GrainId(grainClass.TypeName, key), grainClass);
    }

    public TObserver CreateObjectReference<TObserver>(TObserver observer) where TObserver : class, IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        var activation = new Activation(this, new GrainId("observer", Guid.NewGuid().ToString("N")), observer);
        _directory[activation.GrainId] = activation;
        return (TObserver)(object)ProxyPrototype<TObserver>.Value.BoundTo(this, activation);
    }

    public void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : class, IGrainObserver
    {
        if ((reference as GrainReference)?.ObserverActivation is not { } activation)
        {
            throw new ArgumentException("Not an object reference made by CreateObjectReference.", nameof(reference));
        }
        activation.CloseObserver();
    }

    /// <summary>Starts looking for idle activations every collection quantum.</summary>
    public void StartCollector() =>
        _collector ??= TimeProvider.CreateTimer(static state => ((GrainRuntime)state!).CollectIdle(), this, Options.CollectionQuantum, Options.CollectionQuantum);

    public void CollectIdle()
    {
        var now = TimeProvider.GetTimestamp();
        foreach (var activation in _directory.Values)
        {
            activation.CollectIfIdle(now, Options.CollectionAge);
        }
    }

    /// <summary>Deactivates one grain once its current turn has completed; its next call reloads state.</summary>
    public void Deactivate(GrainId grainId)
    {
        if (_directory.TryGetValue(grainId, out var activation))
        {
            activation.RequestDeactivation(DeactivationReason.Requested);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _collector?.Dispose();
        foreach (var activation in _directory.Values.Where(a => !a.IsObserver))
        {
            activation.RequestDeactivation(DeactivationReason.ShuttingDown);
        }
        // Real time, not the runtime's clock: shutdown must end even when a test's clock stands still.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (_directory.Values.Any(a => !a.IsObserver) && System.Diagnostics.Stopwatch.GetElapsedTime(started) < Options.ResponseTimeout)
        {
            await Task.Delay(10);
        }
    }

    internal Activation GetOrAddActivation(GrainId grainId, GrainClass grainClass)
    {
        if (_directory.TryGetValue(grainId, out var existing))
        {
            return existing;
        }
        // A losing racer's activation is discarded before it runs anything: activation work happens in its first turn.
        return _directory.GetOrAdd(grainId, static (id, state) => new Activation(state.Runtime, id, state.GrainClass), (Runtime: this, GrainClass: grainClass));
    }

    internal void RemoveActivation(Activation activation) =>
        _directory.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    internal void Forward(GrainId grainId, GrainClass grainClass, Message message)
    {
        while (!GetOrAddActivation(grainId, grainClass).Post(message))
        {
            Thread.Yield();
        }
    }

    /// <summary>The caller's view of a call still running: its outcome, or a timeout after <see cref="GrainRuntimeOptions.ResponseTimeout"/>.</summary>
    internal Task<TResult> WithResponseTimeout<TResult>(Task outcome, GrainId grainId, string method) =>
        _deadlines.Await<TResult>(outcome, grainId, method);

    internal void LogDeactivationFailure(GrainId grainId, Exception exception) => LogDeactivationFailed(_logger, grainId, exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} failed; the activation was removed anyway.")]
    private static partial void LogDeactivationFailed(ILogger logger, GrainId grainId, Exception exception);
}
