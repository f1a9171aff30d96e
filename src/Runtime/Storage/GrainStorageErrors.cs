namespace Beddengrid.Runtime;

/// <summary>The exceptions every storage provider raises, worded the same way whichever provider raises them.</summary>
internal static class GrainStorageErrors
{
    public static InconsistentStateException EtagConflict(string stateName, GrainId grainId, string? expectedEtag) =>
        new($"State '{stateName}' of {grainId} was changed by another writer (expected ETag '{expectedEtag ?? "<none>"}').", expectedEtag);

    public static GrainStateTooLargeException TooLarge(string stateName, GrainId grainId, int stateBytes, int maxStateBytes, string store) =>
        new($"State '{stateName}' of {grainId} is {stateBytes} bytes serialized; the {store} keeps at most {maxStateBytes} bytes per state.");

    /// <summary>Serializes <paramref name="state"/> and refuses it, before anything is stored, when it exceeds the store's limit.</summary>
    public static byte[] SerializeWithinLimit<T>(T state, string stateName, GrainId grainId, int maxStateBytes, string store)
    {
        var data = GrainStateSerializer.Serialize(state);
        if (data.Length > maxStateBytes)
        {
            throw TooLarge(stateName, grainId, data.Length, maxStateBytes, store);
        }
        return data;
    }
}
