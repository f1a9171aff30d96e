using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>
/// One bed (key "location/bed"). It refuses illegal transitions; only its location calls it, so that the location's
/// index of free beds stays exact.
/// </summary>
public interface IBedGrain : IGrainWithStringKey
{
    [ReadOnly] Task<BedSnapshot?> Get();
    Task<BedSnapshot> Define(BedSnapshot initial);
    Task<BedSnapshot> Hold(Hold hold);
    Task<BedSnapshot> Release(string placementId);
    Task<BedSnapshot> Occupy(string placementId, Occupancy occupancy);
    Task<BedSnapshot> Vacate(string caseReference);
    Task<BedSnapshot> Close(Closure closure);
    Task<BedSnapshot> Reopen();
    Task<BedSnapshot> ActivateReserve(DateTimeOffset activatesAt);
    Task<BedSnapshot> ChangeOccupantPhase(string caseReference, Phase phase);
}
