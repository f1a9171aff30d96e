using System.Collections.Concurrent;
using Beddengrid.Grains;

namespace Beddengrid.LoadTests.Workload;

/// <summary>What the target last acknowledged for one placement, which the audit holds it to.</summary>
public sealed record AcknowledgedPlacement(string PlacementId, string CaseReference, int HouseholdSize, PlacementStatus Status);

/// <summary>
/// Every placement the target acknowledged during a run, and which placement each of the run's residents currently
/// lives by, so the audit can re-read each one and check its beds.
/// </summary>
public sealed class PlacementLedger
{
    private readonly ConcurrentDictionary<string, AcknowledgedPlacement> _placements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _residence = new(StringComparer.Ordinal);

    public int Count => _placements.Count;

    public IEnumerable<AcknowledgedPlacement> Placements => _placements.Values;

    public void Acknowledge(PlacementView view)
    {
        _placements[view.PlacementId] = new AcknowledgedPlacement(view.PlacementId, view.CaseReference, view.HouseholdSize, view.Status);
        if (view.Status == PlacementStatus.Confirmed)
        {
            _residence[view.CaseReference] = view.PlacementId;
        }
    }

    public void Departed(string caseReference) => _residence.TryRemove(caseReference, out _);

    /// <summary>True while the case still lives in the beds this placement confirmed (it has not moved on or left).</summary>
    public bool IsCurrentResidence(AcknowledgedPlacement placement) =>
        _residence.TryGetValue(placement.CaseReference, out var current) && current == placement.PlacementId;
}
