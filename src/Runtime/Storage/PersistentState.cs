using System.Diagnostics;

namespace Beddengrid.Runtime;

internal sealed class PersistentState<T>(string stateName, GrainId grainId, IGrainStorage storage, RuntimeMetrics metrics)
    : IPersistentState<T>, IGrainStateLoader where T : new()
{
    private readonly GrainState<T> _state = new(new T());

    public T State
    {
        get => _state.State;
        set => _state.State = value;
    }

    public string? Etag => _state.ETag;
    public bool RecordExists => _state.RecordExists;

    public Task ReadStateAsync() => Measure("read", storage.ReadStateAsync(stateName, grainId, _state));
    public Task WriteStateAsync() => Measure("write", storage.WriteStateAsync(stateName, grainId, _state));

    public async Task ClearStateAsync()
    {
        await Measure("clear", storage.ClearStateAsync(stateName, grainId, _state));
        _state.State = new T();
    }

    Task IGrainStateLoader.LoadAsync() => ReadStateAsync();

    private Task Measure(string operation, Task storageTask)
    {
        if (!metrics.StorageLatency.Enabled)
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
            metrics.StorageLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("operation", operation));
        }
    }
}

/// <summary>Lets the runtime read every persistent state of a grain before <c>OnActivateAsync</c>.</summary>
internal interface IGrainStateLoader
{
    Task LoadAsync();
}
