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
    Task<PlacementView> Transfer(TransferRequest transfer);
    Task<CaseView> Depart(DepartureReason reason);
    Task<CaseView> ChangePhase(Phase phase, string? linkedMunicipality);
}
