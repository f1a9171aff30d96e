using FsCheck;
using FsCheck.Fluent;
using static Beddengrid.Grains.Tests.TinyGrid;

namespace Beddengrid.Grains.Tests;

/// <summary>
/// Random sequences of every kind of operation never break the grid's invariants: no bed with two holders or
/// occupants, no household split, nothing placed where it does not fit, and every count exact in the picture.
/// </summary>
public sealed class GridPropertyTests
{
    private static readonly string[] Codes = ["AZC-A", "AZC-B", "AMV-C", "TGO-D"];

    private enum Operation
    {
        Request,
        Confirm,
        Cancel,
        PassTime,
        Transfer,
        Depart,
        CloseUnit,
        Reopen,
        ActivateReserve,
        ToggleClosing,
    }

    private sealed record Step(Operation Operation, int A, int B);

    private static readonly Gen<Step> Steps =
        from operation in Gen.Elements(Enum.GetValues<Operation>())
        from a in Gen.Choose(0, 1000)
        from b in Gen.Choose(0, 1000)
        select new Step(operation, a, b);

    [Fact]
    public void Random_operation_sequences_keep_every_invariant()
    {
        var property = Prop.ForAll(Steps.ListOf().Where(s => s.Count is > 0 and <= 40).ToArbitrary(), steps =>
            Task.Run(() => Run(steps)).GetAwaiter().GetResult());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), property);
    }

    private static async Task Run(IReadOnlyList<Step> steps)
    {
        await using var grid = new GridHost();
        var direct = new ReserveTerms(ReserveKind.Direct, 0, null);
        await Register(grid, Profile("AZC-A"), Rooms(BedGroup.Families, 2, 4), Rooms(BedGroup.SingleMen, 2, 2, firstUnit: 2),
            Rooms(BedGroup.SingleWomen, 1, 2, firstUnit: 3), Rooms(BedGroup.SingleMen, 1, 2, firstUnit: 4, status: BedStatus.Reserve, reserve: direct));
        await Register(grid, Profile("AZC-B", restrictions: TargetGroupRestrictions.NoSingleMen), Rooms(BedGroup.Families, 1, 5), Rooms(BedGroup.SingleMen, 1, 2, firstUnit: 2));
        await Register(grid, Profile("AMV-C", LocationKind.Amv), Rooms(BedGroup.Minors, 2, 2));
        await Register(grid, Profile("TGO-D", LocationKind.Tgo, maxStay: 9), Rooms(BedGroup.SingleMen, 1, 2), Rooms(BedGroup.Families, 1, 4, firstUnit: 2));
        var placements = new List<PlacementRequest>();
        var closing = new HashSet<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var (operation, a, b) = steps[i];
            try
            {
                await Apply(grid, operation, a, b, i, placements, closing);
            }
            catch (Exception ex) when (ex is GridConflictException or GridNotFoundException)
            {
                // Refusals (confirming an expired hold, closing a location with residents) are correct outcomes.
            }
            await CheckInvariants(grid, placements);
        }
    }

    private static async Task Apply(GridHost grid, Operation operation, int a, int b, int step, List<PlacementRequest> placements, HashSet<string> closing)
    {
        var location = grid.Location(Codes[a % Codes.Length]);
        switch (operation)
        {
            case Operation.Request:
                var household = (a % 5) switch { 0 => SingleMan, 1 => SingleWoman, 2 => Minor, _ => Family(2 + b % 4) };
                var phase = b % 3 == 0 ? Phase.JustRegistered : Phase.ExtendedProcedure;
                var request = Request($"p{step}", household, phase);
                placements.Add(request);
                var view = await grid.Request(request);
                if (view.Status == PlacementStatus.Held)
                {
                    Assert.DoesNotContain(view.LocationCode!, closing);
                }
                break;
            case Operation.Confirm when placements.Count > 0:
                await grid.Placement(placements[a % placements.Count].PlacementId).Confirm();
                break;
            case Operation.Cancel when placements.Count > 0:
                await grid.Placement(placements[a % placements.Count].PlacementId).Cancel();
                break;
            case Operation.PassTime:
                grid.Time.Advance(TimeSpan.FromMinutes(30 + a % 300));
                break;
            case Operation.Transfer when placements.Count > 0:
                await grid.Placement($"t{step}").Transfer(placements[a % placements.Count].CaseReference, new TransferRequest($"t{step}"));
                break;
            case Operation.Depart when placements.Count > 0:
                await grid.Case(placements[a % placements.Count].CaseReference).Depart(DepartureReason.Housed);
                break;
            case Operation.CloseUnit:
                await location.CloseBeds(new BedSelection(Unit: $"U{1 + b % 3}"), new Closure(ClosureReason.Maintenance, null));
                break;
            case Operation.Reopen:
                await location.ReopenBeds(BedSelection.WholeLocation);
                break;
            case Operation.ActivateReserve:
                await location.ActivateReserve(1 + b % 2);
                break;
            case Operation.ToggleClosing:
                var code = Codes[a % Codes.Length];
                await location.SetLifecycle(closing.Remove(code) ? Lifecycle.Open : Lifecycle.Closing);
                if ((await location.GetDetail()).Summary.Lifecycle == Lifecycle.Closing)
                {
                    closing.Add(code);
                }
                break;
        }
    }

    private static async Task CheckInvariants(GridHost grid, IReadOnlyList<PlacementRequest> placements)
    {
        await Quiesce(grid);
        var national = BedCounts.Zero;
        var heldBy = new Dictionary<string, List<(string Location, BedSnapshot Bed)>>();
        var occupiedBy = new Dictionary<string, List<(string Location, BedSnapshot Bed)>>();
        foreach (var code in Codes)
        {
            var detail = await grid.Location(code).GetDetail();
            var counted = new BedCounts(
                detail.Beds.Count(b => b.Status == BedStatus.Available), detail.Beds.Count(b => b.Status == BedStatus.Held),
                detail.Beds.Count(b => b.Status == BedStatus.Occupied), detail.Beds.Count(b => b.Status == BedStatus.Closed),
                detail.Beds.Count(b => b.Status == BedStatus.Reserve));
            Assert.Equal(counted, detail.Summary.Beds);
            Assert.Equal(detail.Beds.Count, detail.Summary.Beds.Nominal);
            Assert.Equal(detail.Summary.Beds, grid.Picture.Location(code)!.Beds);
            national += counted;
            foreach (var bed in detail.Beds)
            {
                Assert.False(bed.Hold is not null && bed.Occupant is not null, $"bed {bed.Definition.BedId} is both held and occupied");
                if (bed.Hold is { } hold)
                {
                    heldBy.TryAdd(hold.PlacementId, []);
                    heldBy[hold.PlacementId].Add((code, bed));
                }
                if (bed.Occupant is { } occupant)
                {
                    occupiedBy.TryAdd(occupant.CaseReference, []);
                    occupiedBy[occupant.CaseReference].Add((code, bed));
                }
            }
        }
        Assert.Equal(national, grid.Picture.FreshSnapshot().National.Beds);
        foreach (var beds in heldBy.Values)
        {
            AssertTogetherAndFitting(placements.First(p => p.CaseReference == beds[0].Bed.Hold!.CaseReference), beds);
        }
        foreach (var (caseReference, beds) in occupiedBy)
        {
            AssertTogetherAndFitting(placements.First(p => p.CaseReference == caseReference), beds);
        }
    }

    private static void AssertTogetherAndFitting(PlacementRequest request, List<(string Location, BedSnapshot Bed)> beds)
    {
        Assert.Single(beds.Select(b => b.Location).Distinct());
        Assert.Equal(request.Household.Size, beds.Count);
        Assert.All(beds, b => Assert.Equal(request.Household.Group, b.Bed.Definition.Group));
        var kind = beds[0].Location switch { "AMV-C" => LocationKind.Amv, "TGO-D" => LocationKind.Tgo, _ => LocationKind.Azc };
        Assert.True(PhaseRules.KindFits(kind, request.Phase, request.Household) || request.Phase == Phase.JustRegistered,
            $"{request.PlacementId} ({request.Household.Group}, {request.Phase}) placed at {beds[0].Location}");
        Assert.False(beds[0].Location == "AZC-B" && request.Household.Group == BedGroup.SingleMen, $"{request.PlacementId} is a single man at a location that refuses single men");
    }

    /// <summary>One-way notifications (queue placements, expiries) run after the call that caused them: wait until they settle.</summary>
    private static async Task Quiesce(GridHost grid)
    {
        long seen;
        do
        {
            seen = grid.Picture.Sequence;
            await Task.Delay(15);
        }
        while (seen != grid.Picture.Sequence);
    }
}
