using Beddengrid.Grains;

namespace Beddengrid.LoadTests.Targets.Http;

// The request and answer shapes of the silo's API that differ from the grain messages (see src/Silo/Api).

internal sealed record MemberBody(AgeBand AgeBand, Sex Sex, Relation Relation);

internal sealed record PlacementBody(
    string PlacementId,
    string CaseReference,
    IReadOnlyList<MemberBody> Household,
    IReadOnlyList<Needs> Needs,
    Phase Phase,
    Priority Priority,
    string Origin,
    string? LinkedMunicipality)
{
    public static PlacementBody From(PlacementRequest request) => new(
        request.PlacementId,
        request.CaseReference,
        [.. request.Household.Members.Select(m => new MemberBody(m.AgeBand, m.Sex, m.Relation))],
        [.. Enum.GetValues<Needs>().Where(flag => flag != Grains.Needs.None && request.Needs.HasFlag(flag))],
        request.Phase,
        request.Priority,
        request.OriginLocation,
        request.LinkedMunicipality);
}

internal sealed record TransferBody(string PlacementId, Phase? Phase, string? LinkedMunicipality);

internal sealed record DepartureBody(DepartureReason Reason);

internal sealed record ClosureBody(IReadOnlyList<string>? BedIds, string? Unit, bool? Whole, ClosureReason Reason, DateOnly? ExpectedReopening)
{
    public static ClosureBody From(BedSelection selection, Closure closure) => new(
        selection.BedIds is { Count: > 0 } ids ? ids : null,
        selection.Unit,
        selection.BedIds is not { Count: > 0 } && selection.Unit is null ? true : null,
        closure.Reason,
        closure.ExpectedReopening);
}

internal sealed record LifecycleBody(Lifecycle Lifecycle);

/// <summary>GET /api/picture: the dashboard's figures (only what the driver reads).</summary>
internal sealed record PictureAnswer(long Version, AreaTotals National, PressureSignals Pressure)
{
    public PictureReading Reading => new(Version, National.Beds, Pressure.Waiting.Count);
}

/// <summary>GET /api/locations: every location's published summary at one picture version.</summary>
internal sealed record LocationListAnswer(long Version, IReadOnlyList<LocationSummary> Locations);
