using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>One person or household waiting for a bed, with the reason nothing fitted.</summary>
[GrainStateJson(typeof(GridStateJsonContext))]
public sealed record WaitingEntry(PlacementRequest Request, long Arrival, DateTimeOffset Since, string Reason)
{
    public Priority Priority => Request.EffectivePriority;
}

public sealed record WaitingView(int Position, string PlacementId, string CaseReference, int HouseholdSize, BedGroup Group, Needs Needs, Phase Phase, Priority Priority, DateTimeOffset Since, string Reason);

/// <summary>
/// What joining the queue gave: a place in it, or, when a fitting bed had freed since the request's own search, the
/// hold the queue made for it at once.
/// </summary>
public sealed record QueueAnswer(int? Position, HoldResult? Hold);

/// <summary>Part of the queue in placing order: <see cref="Total"/> waiting in all, <see cref="Entries"/> from position <see cref="Offset"/> + 1.</summary>
public sealed record WaitingPage(int Total, int Offset, IReadOnlyList<WaitingView> Entries);

/// <summary>
/// Requests that fit nowhere, ordered by priority then arrival, visible to the desk; placed as soon as a matching
/// bed frees up, is reopened, or reserve comes into service.
/// </summary>
public interface IWaitingQueueGrain : IGrainWithStringKey
{
    const string National = "national";

    Task<QueueAnswer> Enqueue(PlacementRequest request, string reason);
    Task<bool> Remove(string placementId);
    [ReadOnly] Task<int?> Position(string placementId);
    /// <summary>Up to <paramref name="limit"/> entries after the first <paramref name="offset"/>: a crisis queue holds thousands.</summary>
    [ReadOnly] Task<WaitingPage> List(int offset, int limit);
    [OneWay] Task CapacityFreed(string locationCode);

    /// <summary>Tries the waiting entries against every location freed since the last pass; sent by the queue to itself.</summary>
    [OneWay] Task PlaceIntoFreedCapacity();
}
