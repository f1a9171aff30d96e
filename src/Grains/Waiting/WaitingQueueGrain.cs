using Beddengrid.Runtime;
using Microsoft.Extensions.Options;

namespace Beddengrid.Grains;

public sealed class WaitingQueueState
{
    public List<WaitingEntry> Entries { get; set; } = [];
    public long NextArrival { get; set; }
}

[KeepAlive]
public sealed class WaitingQueueGrain(
    GridPicture picture,
    Auditor auditor,
    IOptions<GridOptions> options,
    [PersistentState("waiting")] IPersistentState<WaitingQueueState> queue) : Grain, IWaitingQueueGrain
{
    /// <summary>A safety net: capacity that freed without a notification (a lost message) is still found.</summary>
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(30);

    private List<WaitingEntry> Entries => queue.State.Entries;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Publish();
        RegisterGrainTimer(_ => Sweep(), SweepPeriod, SweepPeriod);
        return Task.CompletedTask;
    }

    public async Task<int> Enqueue(PlacementRequest request, string reason)
    {
        var position = PositionOf(request.PlacementId);
        if (position is not null)
        {
            return position.Value;
        }
        var entry = new WaitingEntry(request, queue.State.NextArrival++, auditor.Now, reason);
        var index = Entries.FindIndex(e => e.Priority < entry.Priority);
        Entries.Insert(index < 0 ? Entries.Count : index, entry);
        await queue.WriteStateAsync();
        Publish();
        // Capacity may have freed between the placement's search and this enqueue, before anyone knew it was waiting.
        await TryPlace([entry], picture.Locations.Select(l => l.Code).ToArray());
        return PositionOf(request.PlacementId) ?? 0;
    }

    public async Task<bool> Remove(string placementId)
    {
        var removed = Entries.RemoveAll(e => e.Request.PlacementId == placementId) > 0;
        if (removed)
        {
            await queue.WriteStateAsync();
            Publish();
        }
        return removed;
    }

    public Task<int?> Position(string placementId) => Task.FromResult(PositionOf(placementId));

    public Task<IReadOnlyList<WaitingView>> List() => Task.FromResult<IReadOnlyList<WaitingView>>(
        Entries.Select((e, i) => new WaitingView(
            i + 1, e.Request.PlacementId, e.Request.CaseReference, e.Request.Household.Size, e.Request.Household.Group,
            e.Request.Needs, e.Request.Phase, e.Priority, e.Since, e.Reason)).ToArray());

    public Task CapacityFreed(string locationCode) => TryPlace([.. Entries], [locationCode]);

    private Task Sweep() => TryPlace([.. Entries], picture.Locations.Select(l => l.Code).ToArray());

    /// <summary>Holds beds for waiting entries, in queue order, at the first of <paramref name="locationCodes"/> that fits each.</summary>
    private async Task TryPlace(IReadOnlyList<WaitingEntry> entries, IReadOnlyList<string> locationCodes)
    {
        var placed = new List<WaitingEntry>();
        var today = DateOnly.FromDateTime(auditor.Now.UtcDateTime);
        foreach (var entry in entries)
        {
            foreach (var code in locationCodes)
            {
                if (picture.Location(code) is not { } summary || PlacementPolicy.Refusal(entry.Request, summary, today) is not null)
                {
                    continue;
                }
                var hold = await GrainFactory.GetGrain<ILocationGrain>(code).TryHold(entry.Request, auditor.Now + options.Value.HoldDuration);
                if (hold.IsHeld)
                {
                    placed.Add(entry);
                    await GrainFactory.GetGrain<IPlacementGrain>(entry.Request.PlacementId).OnHeldFromQueue(hold);
                    break;
                }
            }
        }
        if (placed.Count > 0)
        {
            Entries.RemoveAll(placed.Contains);
            await queue.WriteStateAsync();
            Publish();
        }
    }

    private int? PositionOf(string placementId)
    {
        var index = Entries.FindIndex(e => e.Request.PlacementId == placementId);
        return index < 0 ? null : index + 1;
    }

    private void Publish() => picture.PublishWaiting(new WaitingStats(
        Entries.Count,
        Entries.Count(e => e.Priority == Priority.High),
        Entries.Count == 0 ? null : Entries.Min(e => e.Since)));
}
