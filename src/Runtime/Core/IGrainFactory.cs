namespace Beddengrid.Runtime;

public interface IGrainFactory
{
    /// <summary>A reference to the grain with this key; the grain is activated on its first call.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    /// <summary>
    /// Wraps a local observer so that grains can call it: calls are queued and delivered one at a time in order,
    /// never on the calling grain's turn.
    /// </summary>
    TObserver CreateObjectReference<TObserver>(TObserver observer) where TObserver : class, IGrainObserver;

    /// <summary>Stops delivering to an object reference made by <see cref="CreateObjectReference{T}"/>.</summary>
    void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : class, IGrainObserver;
}
