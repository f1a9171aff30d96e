using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Beddengrid.Frontend.Hub;

/// <summary>The browsers connected to this process: how many dashboards are watching, and a way to let them all reconnect (after a failover, or to prove that pages recover).</summary>
public sealed class GridConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();

    public int Count => _connections.Count;

    internal void Add(HubCallerContext context) => _connections[context.ConnectionId] = context;

    internal void Remove(HubCallerContext context) => _connections.TryRemove(context.ConnectionId, out _);

    /// <summary>Drops every hub connection; clients reconnect and start again from a snapshot.</summary>
    public int AbortAll()
    {
        var contexts = _connections.Values.ToArray();
        foreach (var context in contexts)
        {
            context.Abort();
        }
        return contexts.Length;
    }
}
