namespace Beddengrid.Grains;

public enum CaseStatus
{
    Resident,
    Departed,

    /// <summary>A placement was asked for the household, which has not arrived (yet).</summary>
    Expected,
}

public enum DepartureReason
{
    Housed,
    Returned,
    UnknownDestination,
}

/// <summary>
/// A case's answer to a placement asked for it: the request it now has open, or the placement it already has open
/// (<see cref="OpenPlacementId"/>) that its caller may find settled and name as the one to replace.
/// </summary>
public sealed record CaseClaim(PlacementRequest? Request, string? OpenPlacementId);

/// <summary>A confirmed arrival: the household now occupies these beds.</summary>
public sealed record Arrival(string PlacementId, string LocationCode, IReadOnlyList<string> BedIds, PlacementRequest Request, int Moves);

public sealed record CaseEvent(DateTimeOffset At, string Event, string? LocationCode, string? PlacementId);

/// <summary>A move requested by the desk; the destination is held first, the origin released only on arrival.</summary>
public sealed record TransferRequest(string PlacementId, Phase? Phase = null, string? LinkedMunicipality = null);

public sealed record CaseView(
    string CaseReference,
    CaseStatus Status,
    Household Household,
    Needs Needs,
    Phase Phase,
    string? LinkedMunicipality,
    string? LocationCode,
    IReadOnlyList<string> BedIds,
    int Moves,
    IReadOnlyList<CaseEvent> History);
