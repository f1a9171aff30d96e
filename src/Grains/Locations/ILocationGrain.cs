using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>
/// A reception location (key: location code). The one coordinator of every change to its beds, so its index of free
/// beds is always exact; it chooses the beds for a household and expires holds on time.
/// </summary>
/// <remarks>
/// Holds, confirmations, releases and departures interleave: while one waits for its beds to be stored, the next may
/// choose beds. A busy location at intake would otherwise take one household per commit of the store. Every other
/// change waits until none of them runs, and runs alone.
/// </remarks>
public interface ILocationGrain : IGrainWithStringKey
{
    Task<LocationSummary> Register(LocationRegistration registration);
    [ReadOnly] Task<LocationSummary> GetSummary();
    [ReadOnly] Task<LocationDetail> GetDetail();
    [Interleave] Task<HoldResult> TryHold(PlacementRequest request, DateTimeOffset expiresAt);
    [Interleave] Task<IReadOnlyList<string>> Confirm(string placementId, Occupancy occupancy);
    [Interleave] Task ReleaseHold(string placementId);
    [Interleave] Task<IReadOnlyList<string>> Vacate(string caseReference);
    Task ChangeOccupantPhase(string caseReference, Phase phase);
    Task<DeskResult> CloseBeds(BedSelection selection, Closure closure);
    Task<DeskResult> ReopenBeds(BedSelection selection);
    Task<DeskResult> ActivateReserve(int count);
    Task<LocationSummary> SetLifecycle(Lifecycle lifecycle);
    Task<LocationSummary> ChangeContractEnd(DateOnly? contractEnd);
}
