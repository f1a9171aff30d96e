using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>
/// A household in reception (key: pseudonymous case reference, never a name): members, needs, phase, current beds,
/// moves and history.
/// </summary>
public interface ICaseGrain : IGrainWithStringKey
{
    [ReadOnly] Task<CaseView?> Get();
    Task<CaseView> RecordArrival(Arrival arrival);

    /// <summary>The placement request that moves this resident household, refused if it is not resident.</summary>
    [ReadOnly] Task<PlacementRequest> TransferRequest(TransferRequest transfer);

    /// <summary>
    /// Records <paramref name="request"/> as the case's one open placement; returns null when it is, or the id of the
    /// placement already open. <paramref name="replacing"/> names an open placement the caller found settled.
    /// </summary>
    Task<string?> OpenPlacement(PlacementRequest request, string? replacing);
    Task<CaseView> Depart(DepartureReason reason);
    Task<CaseView> ChangePhase(Phase phase, string? linkedMunicipality);
}
