namespace Beddengrid.Runtime;

/// <summary>
/// The method does not change grain state: it may interleave with other read-only calls on the same activation,
/// but never with a call that is not read-only.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>
/// Calls to the method may start while other such calls (or read-only ones) wait at an await, as calls to an Orleans
/// reentrant grain do, but never while a call without either attribute runs, and such a call waits for them all. An
/// activation of a grain with such a method runs its code one part at a time, from one await to the next, so the
/// grain still needs no locks; it must only expect its state to change across an await of one of these calls.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InterleaveAttribute : Attribute;

/// <summary>Activations of this grain class are never collected for being idle.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KeepAliveAttribute : Attribute;

/// <summary>Marks a constructor parameter of type <see cref="IPersistentState{T}"/> to be bound to a named state in a storage provider.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;
    public string? StorageName { get; } = storageName;
}

/// <summary>
/// The caller does not wait: the call is queued on the target and the caller's task completes at once, as Orleans'
/// [OneWay]. For notifications that flow against the usual call direction, where waiting could close a cycle.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
