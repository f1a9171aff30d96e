namespace Beddengrid.Runtime;

/// <summary>A grain's handle on one piece of its durable state; writes are explicit, as in Orleans.</summary>
public interface IPersistentState<T> where T : new()
{
    T State { get; set; }
    string? Etag { get; }
    bool RecordExists { get; }
    Task ReadStateAsync();
    Task WriteStateAsync();
    Task ClearStateAsync();
}
