using Beddengrid.Runtime;
using Microsoft.Extensions.Options;

namespace Beddengrid.Grains;

[GrainStateJson(typeof(GridStateJsonContext))]
public sealed class WaitingQueueState
{
    public long NextArrival { get; set; }
}

/// <summary>
/// Keeps each waiting entry as its own record in the queue's partition, so joining or leaving the queue writes one
/// small record however long the queue is; the order is rebuilt from the records on activation.
/// </summary>
[KeepAlive]
public sealed class WaitingQueueGrain(
    GridPicture picture,
    Auditor auditor,
    IGrainStorage storage,
    IOptions<GridOptions> options,
    [PersistentState("waiting")] IPersistentState<WaitingQueueState> queue) : Grain, IWaitingQueueGrain
{
    private const string EntryState = "waiting";
    private const string EntryType = "waitingentry";

    /// <summary>A safety net: capacity that freed without a notification is still found.</summary>
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(30);

    private static readonly IComparer<WaitingEntry> QueueOrder =
        Comparer<WaitingEntry>.Create((a, b) => b.Priority != a.Priority ? b.Priority.CompareTo(a.Priority) : a.Arrival.CompareTo(b.Arrival));

    private readonly List<WaitingEntry> _entries = [];
    private readonly Dictionary<HardCriteria, List<WaitingEntry>> _byCriteria = [];
    private readonly Dictionary<string, GrainState<WaitingEntry>> _records = [];
    private readonly HashSet<string> _freed = [];
    private bool _passPending;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await foreach (var (_, record) in storage.ReadPartitionAsync<WaitingEntry>(EntryState, EntryType, GetPrimaryKeyString(), cancellationToken))
        {
            _records[record.State.Request.PlacementId] = GrainState<WaitingEntry>.Stored(record.State, record.ETag!);
            Insert(record.State);
        }
        Publish();
        RegisterGrainTimer(_ => PlaceWaiting(AllLocations()), SweepPeriod, SweepPeriod);
    }

    public async Task<QueueAnswer> Enqueue(PlacementRequest request, string reason)
    {
        if (PositionOf(request.PlacementId) is { } position)
        {
            return new QueueAnswer(position, null);
        }
        var entry = new WaitingEntry(request, queue.State.NextArrival++, auditor.Now, reason);
        await queue.WriteStateAsync();
        var record = new GrainState<WaitingEntry>(entry);
        await storage.WriteStateAsync(EntryState, EntryId(request.PlacementId), record);
        _records[request.PlacementId] = record;
        Insert(entry);
        Publish();
        // Capacity may have freed between the placement's search and this enqueue, before anyone knew it was waiting. It
        // goes to whoever waits first with the same criteria, this entry only if some is left.
        var held = await Hold(_byCriteria[BucketOf(entry)], AllLocations());
        return held.TryGetValue(request.PlacementId, out var hold) ? new QueueAnswer(null, hold) : new QueueAnswer(PositionOf(request.PlacementId), null);
    }

    public async Task<bool> Remove(string placementId)
    {
        if (!_records.ContainsKey(placementId))
        {
            return false;
        }
        await Forget([placementId]);
        return true;
    }

    public Task<int?> Position(string placementId) => Task.FromResult(PositionOf(placementId));

    public Task<WaitingPage> List(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var entries = _entries.Skip(offset).Take(limit).Select((e, i) => new WaitingView(
            offset + i + 1, e.Request.PlacementId, e.Request.CaseReference, e.Request.Household.Size, e.Request.Household.Group,
            e.Request.Needs, e.Request.Phase, e.Priority, e.Since, e.Reason)).ToArray();
        return Task.FromResult(new WaitingPage(_entries.Count, offset, entries));
    }

    /// <summary>
    /// Notifications are coalesced: many locations freeing beds in a burst lead to one pass over the queue, which runs
    /// after every notification already queued here has been recorded.
    /// </summary>
    public Task CapacityFreed(string locationCode)
    {
        _freed.Add(locationCode);
        if (!_passPending && _entries.Count > 0)
        {
            _passPending = true;
            return GrainFactory.GetGrain<IWaitingQueueGrain>(GetPrimaryKeyString()).PlaceIntoFreedCapacity();
        }
        return Task.CompletedTask;
    }

    public Task PlaceIntoFreedCapacity()
    {
        _passPending = false;
        string[] freed = [.. _freed];
        _freed.Clear();
        return PlaceWaiting(freed);
    }

    /// <summary>
    /// Free capacity only shrinks during a pass (capacity that frees meanwhile brings another pass), so a pass takes only
    /// the entries whose hard criteria one of the locations meets: a long queue of households that fit nowhere must not
    /// make every freed bed cost a scan of the whole queue.
    /// </summary>
    private Task PlaceWaiting(IReadOnlyList<string> locationCodes)
    {
        var locations = locationCodes.Select(picture.Location).OfType<LocationSummary>().ToArray();
        var today = Today;
        var buckets = _byCriteria.Where(bucket => locations.Any(location => PlacementPolicy.Fits(bucket.Key.On(today), location))).Select(bucket => bucket.Value).ToArray();
        switch (buckets)
        {
            case []:
                return Task.CompletedTask;
            case [var bucket]:
                // In queue order already, and nothing changes the queue before the pass has held what it could.
                return Hold(bucket, locationCodes);
            default:
                var merged = buckets.SelectMany(bucket => bucket).ToArray();
                Array.Sort(merged, QueueOrder);
                return Hold(merged, locationCodes);
        }
    }

    /// <summary>
    /// Holds beds for waiting entries, in queue order, each at the best-ranked of <paramref name="locationCodes"/> that has room.
    /// An entry that finds nothing means nothing for the rest of the pass for entries with the same criteria, which fit
    /// the same locations, and capacity only shrinks while the pass runs.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, HoldResult>> Hold(IReadOnlyList<WaitingEntry> entries, IReadOnlyList<string> locationCodes)
    {
        var placed = new Dictionary<string, HoldResult>();
        var unplaceable = new HashSet<HardCriteria>();
        var today = Today;
        try
        {
            foreach (var entry in entries)
            {
                var criteria = HardCriteria.Of(entry.Request, today);
                if (unplaceable.Contains(criteria))
                {
                    continue;
                }
                LocationSummary[] locations = [.. locationCodes.Select(picture.Location).OfType<LocationSummary>()];
                if ((await LocationSearch.HoldAtBest(GrainFactory, picture, entry.Request, locations, auditor.Now + options.Value.HoldDuration)).Hold is { } hold)
                {
                    placed.Add(entry.Request.PlacementId, hold);
                    await GrainFactory.GetGrain<IPlacementGrain>(entry.Request.PlacementId).OnHeldFromQueue(hold);
                }
                else
                {
                    unplaceable.Add(criteria);
                }
            }
        }
        finally
        {
            // A pass that fails part-way (a location's write failed) must still take out the entries it placed, or they
            // would wait on as phantoms that every later pass holds beds for again.
            await Forget(placed.Keys);
        }
        return placed;
    }

    private async Task Forget(IReadOnlyCollection<string> placementIds)
    {
        if (placementIds.Count == 0)
        {
            return;
        }
        await Task.WhenAll(placementIds.Select(id => storage.ClearStateAsync(EntryState, EntryId(id), _records[id])));
        var keys = placementIds.Select(id => BucketOf(_records[id].State)).ToHashSet();
        foreach (var id in placementIds)
        {
            _records.Remove(id);
        }
        var forgotten = placementIds.ToHashSet();
        _entries.RemoveAll(e => forgotten.Contains(e.Request.PlacementId));
        foreach (var key in keys)
        {
            var bucket = _byCriteria[key];
            bucket.RemoveAll(e => forgotten.Contains(e.Request.PlacementId));
            if (bucket.Count == 0)
            {
                _byCriteria.Remove(key);
            }
        }
        Publish();
    }

    private void Insert(WaitingEntry entry)
    {
        InsertInOrder(_entries, entry);
        var key = BucketOf(entry);
        if (!_byCriteria.TryGetValue(key, out var bucket))
        {
            _byCriteria[key] = bucket = [];
        }
        InsertInOrder(bucket, entry);
    }

    /// <summary>
    /// Entries wait in buckets of equal hard criteria, which fit exactly the same locations. The criteria are dated by
    /// the day the entry joined, so an entry keeps its bucket; a pass dates them again to its own day (<see cref="HardCriteria.On"/>).
    /// </summary>
    private static HardCriteria BucketOf(WaitingEntry entry) => HardCriteria.Of(entry.Request, DateOnly.FromDateTime(entry.Since.UtcDateTime));

    private DateOnly Today => DateOnly.FromDateTime(auditor.Now.UtcDateTime);

    private static void InsertInOrder(List<WaitingEntry> entries, WaitingEntry entry)
    {
        var index = entries.BinarySearch(entry, QueueOrder);
        entries.Insert(index < 0 ? ~index : index, entry);
    }

    private GrainId EntryId(string placementId) => new(EntryType, $"{GetPrimaryKeyString()}/{placementId}");

    private string[] AllLocations() => [.. picture.Locations.Select(l => l.Code)];

    private int? PositionOf(string placementId)
    {
        if (!_records.ContainsKey(placementId))
        {
            return null;
        }
        return _entries.FindIndex(e => e.Request.PlacementId == placementId) + 1;
    }

    private void Publish()
    {
        picture.PublishWaiting(new WaitingStats(
            _entries.Count,
            _entries.Count(e => e.Priority == Priority.High),
            _entries.Count == 0 ? null : _entries.Min(e => e.Since)));
        picture.PublishWaitingHeads(_byCriteria.ToDictionary(bucket => bucket.Key, bucket => bucket.Value[0]));
    }
}
