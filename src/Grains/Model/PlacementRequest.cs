namespace Beddengrid.Grains;

public enum Priority
{
    Normal,
    High,
}

/// <summary>
/// A request for beds for one household. The placement id is the client's idempotency key: the same id with the same
/// request always yields the same placement.
/// </summary>
public sealed record PlacementRequest(
    string PlacementId,
    string CaseReference,
    Household Household,
    Needs Needs,
    Phase Phase,
    Priority Priority,
    string OriginLocation,
    string? LinkedMunicipality = null,
    string? AvoidLocation = null,
    int PriorMoves = 0)
{
    public int ExpectedStayDays => PhaseRules.ExpectedStayDays(Phase);

    /// <summary>A resident household's move: it avoids the location it lives at, which an intake request has none of.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsTransfer => AvoidLocation is not null;

    /// <summary>Unaccompanied minors and medical needs go first in the waiting queue.</summary>
    public Priority EffectivePriority =>
        Priority == Priority.High || Household.IsUnaccompaniedMinors || Needs.HasFlag(Needs.Medical) ? Priority.High : Priority.Normal;
}
