namespace Beddengrid.Runtime;

/// <summary>Marker for grain interfaces.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key; callers hold this interface, never the grain class.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A local object that grains call back (a read model, a hub); created with <see cref="IGrainFactory.CreateObjectReference{T}"/>.</summary>
public interface IGrainObserver;
