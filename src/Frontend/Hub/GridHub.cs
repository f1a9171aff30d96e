using Beddengrid.Frontend.Access;
using Beddengrid.Grains;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Beddengrid.Frontend.Hub;

/// <summary>
/// Live picture for browsers: on connect the current totals with their version, then coalesced updates from
/// <see cref="GridBroadcaster"/>. Clients join a province or a location group to drill down.
/// </summary>
[Authorize(Policy = GridRoles.Policies.Read)]
public sealed class GridHub(GridPicture picture, GridConnections connections) : Hub<IGridClient>
{
    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        await Clients.Caller.Snapshot(Snapshot());
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        return Task.CompletedTask;
    }

    /// <summary>A client that saw a gap in versions asks for the whole picture again.</summary>
    public GridTotals Snapshot() => GridTotals.From(picture.FreshSnapshot());

    /// <exception cref="HubException">The province is missing or not one of the grid's: the client is told, and joins no group.</exception>
    public async Task<ProvinceUpdate> WatchProvince(string? province)
    {
        var snapshot = picture.FreshSnapshot();
        if (province is null || !snapshot.ByProvince.ContainsKey(province))
        {
            throw new HubException($"Unknown province '{province}': watch one of {string.Join(", ", snapshot.ByProvince.Keys.Order(StringComparer.Ordinal))}.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GridHubGroups.Province(province));
        var locations = snapshot.Locations.Values.Where(l => l.Profile.Province == province).OrderBy(l => l.Code, StringComparer.Ordinal).ToArray();
        return new ProvinceUpdate(province, 0, snapshot.Version, locations);
    }

    public Task UnwatchProvince(string province) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GridHubGroups.Province(province));

    /// <exception cref="HubException">The location is missing or unknown: the client is told, and joins no group.</exception>
    public async Task<LocationSummary> WatchLocation(string? code)
    {
        var location = (code is null ? null : picture.Location(code)) ?? throw new HubException($"Unknown location '{code}'.");
        await Groups.AddToGroupAsync(Context.ConnectionId, GridHubGroups.Location(location.Code));
        return location;
    }

    public Task UnwatchLocation(string code) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GridHubGroups.Location(code));
}

/// <summary>What the hub sends; the JavaScript client matches these method names case-insensitively.</summary>
public interface IGridClient
{
    Task Snapshot(GridTotals totals);
    Task Update(GridUpdate update);
    Task Province(ProvinceUpdate update);
    Task Location(LocationSummary summary);
}
