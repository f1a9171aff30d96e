using Beddengrid.Grains;

namespace Beddengrid.LoadTests.Targets;

/// <summary>
/// The grid as the load driver reaches it. Each member maps to one call of the silo's HTTP API, so an HTTP target
/// can implement this once the API exists:
/// <list type="bullet">
/// <item><see cref="RequestPlacement"/>: POST /api/placements {placementId, caseReference, household:{members:[{ageBand,sex,relation}]}, needs, phase, priority, origin}</item>
/// <item><see cref="Confirm"/> / <see cref="Cancel"/>: POST /api/placements/{id}/confirm, /cancel</item>
/// <item><see cref="Transfer"/> / <see cref="Depart"/>: POST /api/cases/{ref}/transfer, /depart</item>
/// <item><see cref="PollPicture"/>: GET /api/picture</item>
/// </list>
/// Domain conflicts surface as <see cref="GridConflictException"/> / <see cref="GridNotFoundException"/> (HTTP 409 /
/// 404); an overloaded target throws its own exception (HTTP 503), which the driver counts as an error.
/// </summary>
public interface IGridTarget : IAsyncDisposable
{
    /// <summary>What the report calls this target ("in-process, memory store").</summary>
    string Description { get; }

    Task<PlacementView> RequestPlacement(PlacementRequest request);
    Task<PlacementView> Confirm(string placementId);
    Task<PlacementView> Cancel(string placementId);
    Task<PlacementView> Transfer(string caseReference, TransferRequest transfer);
    Task<CaseView> Depart(string caseReference, DepartureReason reason);

    /// <summary>
    /// A dashboard's poll of the picture. Over HTTP the answer is read whole and its status checked, but not parsed: the
    /// run measures the target, and parsing 6 KB of JSON per poll would take the target's CPU on a shared machine.
    /// </summary>
    Task PollPicture();

    /// <summary>Desk operations that scenarios use to shape the grid (closing beds, closing locations).</summary>
    IDeskOperations Desk { get; }

    /// <summary>Reads the audit needs; they may be slow, and run only after the load has stopped.</summary>
    IGridInspection Inspection { get; }
}

/// <summary>What a dashboard reads from the picture: its version and the national bed counts.</summary>
public sealed record PictureReading(long Version, BedCounts National, int Waiting);

public interface IDeskOperations
{
    Task<IReadOnlyList<string>> LocationCodes();
    Task<LocationDetail> Location(string code);
    Task<DeskResult> CloseBeds(string locationCode, BedSelection selection, Closure closure);
    Task<LocationSummary> SetLifecycle(string locationCode, Lifecycle lifecycle);
}

public interface IGridInspection
{
    Task<IReadOnlyList<string>> LocationCodes();
    Task<LocationDetail> Location(string code);
    Task<PlacementView?> Placement(string placementId);

    /// <summary>The picture including every change published so far (no staleness allowed).</summary>
    Task<PictureReading> FreshPicture();

    /// <summary>Completes once the target has stopped changing (one-way notifications drained), or after <paramref name="timeout"/>.</summary>
    Task WaitUntilQuiet(TimeSpan timeout);
}
