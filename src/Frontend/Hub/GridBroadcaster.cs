using Beddengrid.Grains;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beddengrid.Frontend.Hub;

public sealed class GridBroadcastOptions
{
    /// <summary>
    /// The shortest time between two broadcasts. However many placements a second the grid takes, a browser gets at most
    /// one update per interval (and one per watched province or location).
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>
/// Reads the picture's deltas and broadcasts them coalesced: all deltas since the last broadcast become one update with
/// the new totals, one message per watched province with its changed locations, one per watched location.
/// </summary>
public sealed class GridBroadcaster(
    GridPicture picture,
    IHubContext<GridHub, IGridClient> hub,
    IOptions<GridBroadcastOptions> options,
    ILogger<GridBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sent = picture.Sequence;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await picture.WhenChangedAfter(sent, stoppingToken);
                sent = await Broadcast(sent);
                await Task.Delay(options.Value.Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A failed send must not stop the dashboards for good; the next round starts from a fresh snapshot.
                logger.LogWarning(exception, "Broadcasting grid updates failed; retrying.");
                await Task.Delay(options.Value.Interval, stoppingToken);
            }
        }
    }

    private async Task<long> Broadcast(long sent)
    {
        var snapshot = picture.FreshSnapshot();
        var totals = GridTotals.From(snapshot);
        var deltas = picture.DeltasAfter(sent);
        if (deltas is null)
        {
            await hub.Clients.All.Snapshot(totals);
            await Task.WhenAll(snapshot.Locations.Values.GroupBy(l => l.Profile.Province).Select(province =>
                hub.Clients.Group(GridHubGroups.Province(province.Key)).Province(new ProvinceUpdate(province.Key, 0, snapshot.Version, [.. province]))));
            return snapshot.Version;
        }
        var included = deltas.Where(d => d.Sequence <= snapshot.Version).ToArray();
        var changed = included
            .Where(d => d.Location is not null)
            .Select(d => d.Location!.Code)
            .Distinct(StringComparer.Ordinal)
            .Select(code => snapshot.Locations[code])
            .ToArray();
        var sends = new List<Task> { hub.Clients.All.Update(new GridUpdate(sent, included.Length, totals)) };
        sends.AddRange(changed.GroupBy(l => l.Profile.Province).Select(province =>
            hub.Clients.Group(GridHubGroups.Province(province.Key)).Province(new ProvinceUpdate(province.Key, sent, snapshot.Version, [.. province]))));
        sends.AddRange(changed.Select(location => hub.Clients.Group(GridHubGroups.Location(location.Code)).Location(location)));
        await Task.WhenAll(sends);
        return snapshot.Version;
    }
}
