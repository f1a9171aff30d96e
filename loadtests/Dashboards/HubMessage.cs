using System.Text.Json;

namespace Beddengrid.LoadTests.Dashboards;

/// <summary>
/// One SignalR hub-protocol message as a dashboard subscriber reads it: its type (1 invocation, 3 completion, 6 ping,
/// 7 close), the invoked client method, and for the grid hub's <c>Snapshot</c> and <c>Update</c> the picture version
/// they carry; <see cref="Error"/> for a close with an error.
/// </summary>
internal readonly record struct HubMessage(int Type, string? Target, long? PictureVersion, string? Error)
{
    public const int Invocation = 1;
    public const int Completion = 3;
    public const int Ping = 6;
    public const int Close = 7;

    public static HubMessage Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var type = root.TryGetProperty("type", out var t) && t.TryGetInt32(out var number)
            ? number
            : throw new JsonException("A hub message has a numeric 'type'.");
        var target = root.TryGetProperty("target", out var name) ? name.GetString() : null;
        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return new HubMessage(type, target, type == Invocation ? VersionIn(target, root) : null, error);
    }

    /// <summary>Snapshot(GridTotals) carries <c>version</c>; Update(GridUpdate) carries <c>totals.version</c>; other methods none.</summary>
    private static long? VersionIn(string? target, JsonElement root)
    {
        var isSnapshot = string.Equals(target, "Snapshot", StringComparison.OrdinalIgnoreCase);
        var isUpdate = string.Equals(target, "Update", StringComparison.OrdinalIgnoreCase);
        if (!(isSnapshot || isUpdate) || !root.TryGetProperty("arguments", out var arguments) || arguments.GetArrayLength() == 0)
        {
            return null;
        }
        var totals = isUpdate ? arguments[0].GetProperty("totals") : arguments[0];
        return totals.GetProperty("version").GetInt64();
    }
}
