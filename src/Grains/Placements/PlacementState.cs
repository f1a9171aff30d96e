using Beddengrid.Runtime;

namespace Beddengrid.Grains;

public enum PlacementStatus
{
    Held,
    Waiting,
    Confirmed,
    Cancelled,
    Expired,
}

[GrainStateJson(typeof(GridStateJsonContext))]
public sealed class PlacementState
{
    public PlacementRequest? Request { get; set; }
    public PlacementStatus Status { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? LocationCode { get; set; }
    public IReadOnlyList<string> BedIds { get; set; } = [];
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? WaitingReason { get; set; }
}

/// <summary>
/// The placement a request produced, and whether an earlier request with the same placement id had already produced
/// it: a retry gets the same placement, and only the first of any number of identical requests is not a repeat.
/// </summary>
public sealed record PlacementAnswer(PlacementView Placement, bool IsRepeat);

/// <summary>What intake staff see of a placement: held beds with their expiry, or a place in the queue and why.</summary>
public sealed record PlacementView(
    string PlacementId,
    string CaseReference,
    PlacementStatus Status,
    string? LocationCode,
    IReadOnlyList<string> BedIds,
    DateTimeOffset? ExpiresAt,
    string? WaitingReason,
    int? QueuePosition,
    DateTimeOffset RequestedAt,
    int HouseholdSize);
