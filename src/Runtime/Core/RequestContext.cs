using System.Collections.Immutable;

namespace Beddengrid.Runtime;

/// <summary>
/// Values that travel with a call into every grain it reaches, as Orleans' RequestContext: set at the edge (who acts),
/// read deep inside (the audit log).
/// </summary>
public static class RequestContext
{
    private static readonly AsyncLocal<ImmutableDictionary<string, object>?> CurrentValues = new();

    internal static ImmutableDictionary<string, object>? Current
    {
        get => CurrentValues.Value;
        set => CurrentValues.Value = value;
    }

    public static void Set(string key, object value) =>
        CurrentValues.Value = (CurrentValues.Value ?? ImmutableDictionary<string, object>.Empty).SetItem(key, value);

    public static object? Get(string key) => CurrentValues.Value?.GetValueOrDefault(key);
}
