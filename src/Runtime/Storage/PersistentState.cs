using System.Diagnostics;

namespace Beddengrid.Runtime;

internal sealed class PersistentState<T>(string stateName, Activation activation, IGrainStorage storage)
    : IPersistentState<T>, IGrainStateLoader where T : new()
{
    private readonly string _stateName = stateName;
    private readonly IGrainStorage _storage = storage;
    private readonly GrainState<T> _state = new(new T());
    private readonly GrainId _grainId = activation.GrainId;
    private readonly RuntimeMetrics _metrics = activation.Runtime.Metrics;

    public T State
    {
        get => _state.State;
        set => _state.State = value;
    }

    public string? Etag => _state.ETag;
    public bool RecordExists => _state.RecordExists;

    public Task ReadStateAsync() => Measure("read", _storage.ReadStateAsync(_stateName, _grainId, _state));
    public Task WriteStateAsync() => Change("write", static self => self._storage.WriteStateAsync(self._stateName, self._grainId, self._state));

    public async Task ClearStateAsync()
    {
        await Change("clear", static self => self._storage.ClearStateAsync(self._stateName, self._grainId, self._state));
        _state.State = new T();
    }

    Task IGrainStateLoader.LoadAsync() => ReadStateAsync();

    /// <summary>
    /// A write or clear that failed, for whatever reason, may leave the grain's state in memory ahead of the store. The
    /// activation goes once its current call is over, so the next call reloads what the store holds rather than act on
    /// a change that was never stored. A refusal thrown as the store is called stays synchronous, as the store threw it.
    /// </summary>
    private Task Change(string operation, Func<PersistentState<T>, Task> storageCall)
    {
        Task started;
        try
        {
            started = storageCall(this);
        }
        catch
        {
            Deactivate();
            throw;
        }
        return DeactivateOnFailure(Measure(operation, started));
    }

    private void Deactivate() => activation.RequestDeactivation(DeactivationReason.InconsistentState);

    /// <remarks>
    /// The deactivation is requested before the caller's await can resume, so before the caller's call can end. The
    /// caller awaits a wrapper only while the store is still working: one allocation, where a continuation task cost
    /// three on every write.
    /// </remarks>
    private Task DeactivateOnFailure(Task storageTask)
    {
        if (!storageTask.IsCompleted)
        {
            return DeactivateWhenFaulted(storageTask);
        }
        if (!storageTask.IsCompletedSuccessfully)
        {
            Deactivate();
        }
        return storageTask;
    }

    private async Task DeactivateWhenFaulted(Task storageTask)
    {
        try
        {
            await storageTask.ConfigureAwait(false);
        }
        catch when (storageTask.IsFaulted)
        {
            Deactivate();
            throw;
        }
    }

    private Task Measure(string operation, Task storageTask)
    {
        if (!_metrics.StorageLatency.Enabled)
        {
            return storageTask;
        }
        return Timed(operation, storageTask, Stopwatch.GetTimestamp());
    }

    private async Task Timed(string operation, Task storageTask, long started)
    {
        try
        {
            await storageTask;
        }
        finally
        {
            _metrics.StorageLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("operation", operation));
        }
    }
}

/// <summary>Lets the runtime read every persistent state of a grain before <c>OnActivateAsync</c>.</summary>
internal interface IGrainStateLoader
{
    Task LoadAsync();
}
