namespace Beddengrid.Grains;

public enum BedStatus
{
    Available,
    Held,
    Occupied,
    Closed,
    Reserve,
}

public enum ClosureReason
{
    Maintenance,
    Outbreak,
    Damage,
    StaffShortage,
}

/// <summary>
/// Direct reserve is usable within existing agreements (days); indirect needs new agreements (months); flexible-use
/// places are lent to a municipality and come back after the agreed recall term.
/// </summary>
public enum ReserveKind
{
    Direct,
    Indirect,
    FlexibleUse,
}

/// <summary>Where a bed sits and whom it suits; fixed when the location is registered.</summary>
public sealed record BedDefinition(string BedId, string Unit, string Room, BedGroup Group, Needs Features);

public sealed record Closure(ClosureReason Reason, DateOnly? ExpectedReopening);

public sealed record ReserveTerms(ReserveKind Kind, int LeadTimeDays, int? RecallMonths);

public sealed record Hold(string PlacementId, string CaseReference, DateTimeOffset ExpiresAt);

public sealed record Occupancy(string CaseReference, Phase Phase, DateTimeOffset Since, int Moves);
