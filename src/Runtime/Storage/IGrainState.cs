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
    public T State { get; set; } = state;
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}
