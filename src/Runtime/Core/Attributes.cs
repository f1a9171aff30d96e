namespace Beddengrid.Runtime;

/// <summary>
/// The method does not change grain state: it may interleave with other read-only calls on the same activation,
/// but never with a call that is not read-only.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

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
