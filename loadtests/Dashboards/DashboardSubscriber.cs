namespace Beddengrid.LoadTests.Dashboards;

/// <summary>
/// One dashboard on the hub: when it connected, and every picture version it was sent (Snapshot, Update) with the
/// time its bytes arrived. Written only by its connection's receive loop; read once the connection has ended.
/// </summary>
public sealed class DashboardSubscriber(int index)
{
    private readonly List<long> _versions = [];
    private readonly List<long> _arrivals = [];

    public int Index { get; } = index;

    /// <summary>When the handshake completed (a Stopwatch timestamp); null if it never connected.</summary>
    public long? ConnectedAt { get; private set; }

    /// <summary>Why it failed to connect or was disconnected during the run; null if neither happened.</summary>
    public string? Failure { get; private set; }

    /// <summary>Snapshot and Update messages received.</summary>
    public int Messages => _versions.Count;

    /// <summary>Acknowledged placements whose lag was measured at this subscriber.</summary>
    public long LagsMeasured { get; private set; }

    /// <summary>Acknowledged placements, after it connected, that no message reached it with before it closed.</summary>
    public long LagsUnseen { get; private set; }

    internal void Connected(long timestamp) => ConnectedAt = timestamp;

    internal void Failed(string reason) => Failure ??= reason;

    internal void Received(HubMessage message, long arrived)
    {
        if (message.PictureVersion is { } version)
        {
            _versions.Add(version);
            _arrivals.Add(arrived);
        }
    }

    /// <summary>
    /// For every acknowledgement after this subscriber connected, the first message whose version is at or above the
    /// acknowledged picture sequence: the lag runs from the acknowledgement to that message's arrival, or is zero when
    /// the broadcast overtook the HTTP answer. The versions a hub sends only grow; a running maximum guards the search anyway.
    /// </summary>
    internal void MeasureLags(IReadOnlyList<Acknowledgement> acknowledgements, Action<long, long> lag)
    {
        if (ConnectedAt is not { } connectedAt)
        {
            return;
        }
        var highest = new long[_versions.Count];
        for (var i = 0; i < highest.Length; i++)
        {
            highest[i] = Math.Max(_versions[i], i == 0 ? long.MinValue : highest[i - 1]);
        }
        foreach (var acknowledged in acknowledgements.Where(a => a.Timestamp >= connectedAt))
        {
            var first = FirstAtOrAbove(highest, acknowledged.PictureSequence);
            if (first < 0)
            {
                LagsUnseen++;
                continue;
            }
            lag(acknowledged.Timestamp, Math.Max(acknowledged.Timestamp, _arrivals[first]));
            LagsMeasured++;
        }
    }

    private static int FirstAtOrAbove(long[] ascending, long value)
    {
        var found = Array.BinarySearch(ascending, value);
        if (found < 0)
        {
            found = ~found;
        }
        else
        {
            while (found > 0 && ascending[found - 1] == value)
            {
                found--;
            }
        }
        return found < ascending.Length ? found : -1;
    }
}
