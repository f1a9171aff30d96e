namespace Beddengrid.Runtime;

/// <summary>The state of one grain as a storage provider reads and writes it.</summary>
public interface IGrainState<T>
{
    T State { get; set; }
    string? ETag { get; set; }
    bool RecordExists { get; set; }
}

public sealed class GrainState<T>(T state) : IGrainState<T>
{
    /// <summary>A state as read from the store, e.g. by a partition read.</summary>
    public static GrainState<T> Stored(T state, string etag) => new(state) { ETag = etag, RecordExists = true };

    public T State { get; set; } = state;
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}

public static class GrainStateExtensions
{
    /// <summary>The record exists in the store with <paramref name="etag"/>: just read or just written.</summary>
    public static void Stored<T>(this IGrainState<T> grainState, string etag)
    {
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <summary>The store holds no record: never written, or cleared.</summary>
    public static void Absent<T>(this IGrainState<T> grainState)
    {
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
