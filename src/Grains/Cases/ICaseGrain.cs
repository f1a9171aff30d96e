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

    /// <summary>
    /// Opens an intake placement for the household: refused for a resident household (that is a transfer), answered
    /// with the placement already open if there is one other than <paramref name="replacing"/>.
    /// </summary>
    Task<CaseClaim> OpenPlacement(PlacementRequest request, string? replacing);

    /// <summary>Opens a transfer of this resident household, built from where it lives now, in the same turn.</summary>
    Task<CaseClaim> OpenTransfer(TransferRequest transfer, string? replacing);

    /// <summary>The placement was cancelled, expired or never stored: the household may be asked for again.</summary>
    [OneWay] Task PlacementSettled(string placementId);
    Task<CaseView> Depart(DepartureReason reason);
    Task<CaseView> ChangePhase(Phase phase, string? linkedMunicipality);
}
