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
                // A failed send must not stop the dashboards for good; the next round sends everything since the last
                // round that went out.
                logger.LogWarning(exception, "Broadcasting grid updates failed; retrying.");
                await Task.Delay(options.Value.Interval, stoppingToken);
            }
        }
    }

    private async Task<long> Broadcast(long sent)
    {
        var snapshot = picture.FreshSnapshot();
        var totals = GridTotals.From(snapshot);
        // A location that changed again since the snapshot goes out in its latest summary: a busy location would
        // otherwise wait for a quiet moment. The next round sends it once more, which a dashboard applies as a no-op.
        var changed = picture.DeltasAfter(sent)
            .Where(d => d.Location is not null)
            .Select(d => d.Location!)
            .ToArray();
        var sends = new List<Task> { hub.Clients.All.Update(new GridUpdate(sent, (int)(snapshot.Version - sent), totals)) };
        sends.AddRange(changed.GroupBy(l => l.Profile.Province).Select(province =>
            hub.Clients.Group(GridHubGroups.Province(province.Key)).Province(new ProvinceUpdate(province.Key, sent, snapshot.Version, [.. province]))));
        sends.AddRange(changed.Select(location => hub.Clients.Group(GridHubGroups.Location(location.Code)).Location(location)));
        await Task.WhenAll(sends);
        return snapshot.Version;
    }
}
