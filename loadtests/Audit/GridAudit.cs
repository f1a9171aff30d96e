using Beddengrid.Grains;
using Beddengrid.LoadTests.Targets;
using Beddengrid.LoadTests.Workload;

namespace Beddengrid.LoadTests.Audit;

/// <summary>The audit's verdict: what it looked at and every violation found (none = passed).</summary>
public sealed record AuditReport(int Locations, int Beds, int PlacementsChecked, IReadOnlyList<string> Violations)
{
    /// <summary>Violations listed in the report; the count is always complete.</summary>
    public const int ListedViolations = 50;

    public bool Passed => Violations.Count == 0;
}

/// <summary>
/// Checks the grid after a run (DESIGN.md, "Load tests"): no bed with two holders or occupants and no household split
/// or in two places; the picture's counts equal the beds' states; every placement the target acknowledged is still
/// there with its beds.
/// </summary>
public sealed class GridAudit(IGridInspection inspection)
{
    private readonly List<string> _violations = [];

    public async Task<AuditReport> RunAsync(PlacementLedger ledger, TimeSpan settleTimeout)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await inspection.WaitUntilQuiet(settleTimeout);
        var codes = await inspection.LocationCodes();
        var details = new Dictionary<string, LocationDetail>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            details[code] = await inspection.Location(code);
        }
        var picture = await inspection.FreshPicture();
        var beds = CheckBeds(details);
        CheckPicture(details, picture);
        await CheckPlacements(ledger, details);
        return new AuditReport(codes.Count, beds, ledger.Count, [.. _violations]);
    }

    private int CheckBeds(IReadOnlyDictionary<string, LocationDetail> details)
    {
        var holdLocation = new Dictionary<string, string>(StringComparer.Ordinal);
        var occupantLocation = new Dictionary<string, string>(StringComparer.Ordinal);
        var beds = 0;
        foreach (var (code, detail) in details)
        {
            foreach (var bed in detail.Beds)
            {
                beds++;
                var id = $"{code}/{bed.Definition.BedId}";
                var consistent = bed.Status switch
                {
                    BedStatus.Held => bed.Hold is not null && bed.Occupant is null,
                    BedStatus.Occupied => bed.Occupant is not null && bed.Hold is null,
                    _ => bed.Hold is null && bed.Occupant is null,
                };
                if (!consistent)
                {
                    Violation($"Bed {id} is {bed.Status} with hold {bed.Hold?.PlacementId ?? "none"} and occupant {bed.Occupant?.CaseReference ?? "none"}.");
                }
                if (bed.Hold is { } hold && holdLocation.TryGetValue(hold.PlacementId, out var heldAt) && heldAt != code)
                {
                    Violation($"Placement {hold.PlacementId} holds beds at both {heldAt} and {code}: a household held in two places.");
                }
                if (bed.Occupant is { } occupant && occupantLocation.TryGetValue(occupant.CaseReference, out var livesAt) && livesAt != code)
                {
                    Violation($"Case {occupant.CaseReference} occupies beds at both {livesAt} and {code}.");
                }
                if (bed.Hold is not null)
                {
                    holdLocation[bed.Hold.PlacementId] = code;
                }
                if (bed.Occupant is not null)
                {
                    occupantLocation[bed.Occupant.CaseReference] = code;
                }
            }
        }
        return beds;
    }

    private void CheckPicture(IReadOnlyDictionary<string, LocationDetail> details, PictureReading picture)
    {
        var total = BedCounts.Zero;
        foreach (var (code, detail) in details)
        {
            var counted = Count(detail.Beds);
            total += counted;
            if (detail.Summary.Beds != counted)
            {
                Violation($"Location {code} publishes {detail.Summary.Beds} but its beds are {counted}.");
            }
        }
        if (picture.National != total)
        {
            Violation($"The picture's national counts {picture.National} differ from the sum of bed states {total}.");
        }
    }

    private async Task CheckPlacements(PlacementLedger ledger, IReadOnlyDictionary<string, LocationDetail> details)
    {
        foreach (var acknowledged in ledger.Placements)
        {
            var view = await inspection.Placement(acknowledged.PlacementId);
            if (view is null)
            {
                Violation($"Acknowledged placement {acknowledged.PlacementId} ({acknowledged.Status}) is gone.");
                continue;
            }
            if (!StatusStillHolds(acknowledged.Status, view.Status))
            {
                Violation($"Placement {view.PlacementId} was acknowledged {acknowledged.Status} but is now {view.Status}.");
                continue;
            }
            var mustHoldBeds = view.Status == PlacementStatus.Held
                || (view.Status == PlacementStatus.Confirmed && ledger.IsCurrentResidence(acknowledged));
            if (mustHoldBeds)
            {
                CheckBedsOf(view, details);
            }
        }
    }

    private void CheckBedsOf(PlacementView view, IReadOnlyDictionary<string, LocationDetail> details)
    {
        if (view.BedIds.Count != view.HouseholdSize)
        {
            Violation($"Placement {view.PlacementId} has {view.BedIds.Count} beds for a household of {view.HouseholdSize}.");
        }
        if (view.LocationCode is null || !details.TryGetValue(view.LocationCode, out var detail))
        {
            Violation($"Placement {view.PlacementId} is {view.Status} at unknown location {view.LocationCode ?? "(none)"}.");
            return;
        }
        var beds = detail.Beds.ToDictionary(b => b.Definition.BedId, StringComparer.Ordinal);
        foreach (var bedId in view.BedIds)
        {
            var ok = beds.TryGetValue(bedId, out var bed) && view.Status switch
            {
                PlacementStatus.Held => bed.Hold?.PlacementId == view.PlacementId,
                _ => bed.Occupant?.CaseReference == view.CaseReference,
            };
            if (!ok)
            {
                Violation($"Placement {view.PlacementId} ({view.Status}) names bed {view.LocationCode}/{bedId}, which is {bed?.Status.ToString() ?? "missing"} for {bed?.Hold?.PlacementId ?? bed?.Occupant?.CaseReference ?? "nobody"}.");
            }
        }
    }

    /// <summary>A waiting placement may since have been held from the queue; every other acknowledged status is final for the run.</summary>
    private static bool StatusStillHolds(PlacementStatus acknowledged, PlacementStatus now) =>
        acknowledged == now || (acknowledged == PlacementStatus.Waiting && now == PlacementStatus.Held);

    private static BedCounts Count(IEnumerable<BedSnapshot> beds)
    {
        int available = 0, held = 0, occupied = 0, closed = 0, reserve = 0;
        foreach (var bed in beds)
        {
            switch (bed.Status)
            {
                case BedStatus.Available: available++; break;
                case BedStatus.Held: held++; break;
                case BedStatus.Occupied: occupied++; break;
                case BedStatus.Closed: closed++; break;
                case BedStatus.Reserve: reserve++; break;
            }
        }
        return new BedCounts(available, held, occupied, closed, reserve);
    }

    private void Violation(string message) => _violations.Add(message);
}
