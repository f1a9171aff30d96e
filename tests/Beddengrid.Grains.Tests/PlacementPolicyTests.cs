namespace Beddengrid.Grains.Tests;

/// <summary>One row per rule of DOMAIN.md's "Rules a placement must respect".</summary>
public sealed class PlacementPolicyTests
{
    private static readonly DateOnly Today = GridHost.Today;
    private static readonly PolicyContext Context = new(Today, 52.876, 7.071, null, new Dictionary<string, double>());

    private static readonly Household SingleMan = Household.Single(AgeBand.Adult, Sex.Male);
    private static readonly Household SingleWoman = Household.Single(AgeBand.Adult, Sex.Female);
    private static readonly Household Minor = Household.Single(AgeBand.Teen, Sex.Male);
    private static readonly Household Family = new([
        new Member(AgeBand.Adult, Sex.Female, Relation.Head), new Member(AgeBand.Adult, Sex.Male, Relation.Partner), new Member(AgeBand.Child, Sex.Male, Relation.Child)]);

    private static LocationSummary Location(
        string code = "AZC001", LocationKind kind = LocationKind.Azc, Lifecycle lifecycle = Lifecycle.Open,
        TargetGroupRestrictions restrictions = TargetGroupRestrictions.None, DateOnly? contractEnd = null, int? maxStay = null,
        int free = 10, int largestRoom = 4, int medical = 1, int wheelchair = 1, int medicalAndWheelchair = 0, string municipality = "Assen", string province = "Drenthe",
        double latitude = 52.99, double longitude = 6.56, LocationQuality quality = LocationQuality.Regular, int occupied = 0)
    {
        var profile = new LocationProfile(code, code, kind, LocationOperator.Coa, quality, municipality, province, latitude, longitude,
            Today.AddYears(-1), contractEnd, maxStay, restrictions, true);
        var capacity = new GroupCapacity(free, largestRoom, medical, wheelchair, medicalAndWheelchair);
        return new LocationSummary(profile, lifecycle, 1, new BedCounts(free * 4, 0, occupied, 0, 0),
            [capacity, capacity, capacity, capacity], 0, 0, 0, 0, 0, 0);
    }

    private static PlacementRequest Request(Household? household = null, Phase phase = Phase.ExtendedProcedure, Needs needs = Needs.None, string? linked = null, string? avoid = null) =>
        new("p", "V1", household ?? SingleMan, needs, phase, Priority.Normal, "TER", linked, avoid);

    public static TheoryData<string, PlacementRequest, LocationSummary, bool> Rules => new()
    {
        { "fits: an open AZC with free beds for a person in the extended procedure", Request(), Location(), true },
        { "kind fits phase: a just-registered person does not go to an AZC", Request(phase: Phase.JustRegistered), Location(), false },
        { "kind fits phase: a just-registered person may go to a TGO", Request(phase: Phase.JustRegistered), Location(kind: LocationKind.Tgo, maxStay: 9), true },
        { "kind fits phase: rest and preparation goes to a POL", Request(phase: Phase.RestAndPreparation), Location(kind: LocationKind.Pol), true },
        { "kind fits phase: a permit holder may go to a doorstroomlocatie", Request(phase: Phase.PermitHolder), Location(kind: LocationKind.Doorstroom), true },
        { "kind fits phase: a rejected single man does not go to a gezinslocatie", Request(phase: Phase.Rejected), Location(kind: LocationKind.FamilyLocation), false },
        { "kind fits phase: a rejected family with children goes to a gezinslocatie", Request(Family, Phase.Rejected), Location(kind: LocationKind.FamilyLocation), true },
        { "kind fits phase: IBO has its own admission procedure", Request(), Location(kind: LocationKind.Ibo), false },
        { "minors only in AMV: an unaccompanied minor never goes to an AZC", Request(Minor), Location(), false },
        { "minors only in AMV: an unaccompanied minor goes to an AMV place", Request(Minor), Location(kind: LocationKind.Amv), true },
        { "AMV only for minors: an adult never goes to an AMV place", Request(), Location(kind: LocationKind.Amv), false },
        { "not closing: a closing location takes no new placements", Request(), Location(lifecycle: Lifecycle.Closing), false },
        { "not before opening: a planned location takes no placements", Request(), Location(lifecycle: Lifecycle.Planned), false },
        { "restriction: no single men", Request(), Location(restrictions: TargetGroupRestrictions.NoSingleMen), false },
        { "restriction: no single men still takes a single woman", Request(SingleWoman), Location(restrictions: TargetGroupRestrictions.NoSingleMen), true },
        { "restriction: families only refuses a single woman", Request(SingleWoman), Location(restrictions: TargetGroupRestrictions.FamiliesOnly), false },
        { "restriction: families only takes a family", Request(Family), Location(restrictions: TargetGroupRestrictions.FamiliesOnly), true },
        { "contract: ends before the expected stay of 180 days", Request(), Location(contractEnd: Today.AddDays(100)), false },
        { "contract: lasts the expected stay", Request(), Location(contractEnd: Today.AddDays(200)), true },
        { "maximum stay: TGO's 9 days are too short for the extended procedure", Request(), Location(kind: LocationKind.Emergency, maxStay: 9), false },
        { "household together: 3 people need 3 free beds of their group", Request(Family), Location(free: 2), false },
        { "medical need: needs a free medical bed", Request(needs: Needs.Medical), Location(medical: 0), false },
        { "wheelchair: needs a free accessible bed", Request(needs: Needs.Wheelchair), Location(wheelchair: 0), false },
        { "medical and wheelchair, alone: one bed must be both", Request(needs: Needs.Medical | Needs.Wheelchair), Location(), false },
        { "medical and wheelchair, alone: a bed that is both", Request(needs: Needs.Medical | Needs.Wheelchair), Location(medicalAndWheelchair: 1), true },
        { "medical and wheelchair, a family: two beds may share the needs", Request(Family, needs: Needs.Medical | Needs.Wheelchair), Location(), true },
        { "transfer: never back to the location being left", Request(avoid: "AZC001"), Location(), false },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Hard_rules_decide_whether_a_location_fits(string rule, PlacementRequest request, LocationSummary location, bool fits)
    {
        var decision = PlacementPolicy.Rank(request, [location], Context);

        Assert.True(fits == (decision.Candidates.Count == 1), rule);
        Assert.True(fits == (decision.WhyNone is null), $"{rule}: {decision.WhyNone}");
    }

    [Fact]
    public void A_permit_holder_is_ranked_into_the_municipality_linked_to_them()
    {
        var near = Location("AZC-NEAR", municipality: "Westerwolde", province: "Groningen", latitude: 52.88, longitude: 7.07);
        var linked = Location("AZC-LINKED", municipality: "Maastricht", province: "Limburg", latitude: 50.85, longitude: 5.69);

        var decision = PlacementPolicy.Rank(Request(phase: Phase.PermitHolder, linked: "Maastricht"), [near, linked], Context);

        Assert.Equal(["AZC-LINKED", "AZC-NEAR"], decision.Candidates.Select(c => c.Code));
    }

    [Fact]
    public void Lower_occupancy_ranks_first_when_all_else_is_equal()
    {
        var full = Location("AZC-FULL", occupied: 38);
        var empty = Location("AZC-EMPTY", occupied: 2);

        var decision = PlacementPolicy.Rank(Request(), [full, empty], Context);

        Assert.Equal("AZC-EMPTY", decision.Candidates[0].Code);
    }

    [Fact]
    public void A_nearer_location_ranks_first_when_all_else_is_equal()
    {
        var far = Location("AZC-FAR", latitude: 50.85, longitude: 5.69);
        var near = Location("AZC-NEAR", latitude: 52.88, longitude: 7.07);

        Assert.Equal("AZC-NEAR", PlacementPolicy.Rank(Request(), [far, near], Context).Candidates[0].Code);
    }

    [Fact]
    public void A_province_below_its_distribution_share_ranks_first_when_all_else_is_equal()
    {
        var met = Location("AZC-MET", province: "Drenthe");
        var short_ = Location("AZC-SHORT", province: "Utrecht");
        var context = Context with { ProvinceShortfall = new Dictionary<string, double> { ["Utrecht"] = 0.5 } };

        Assert.Equal("AZC-SHORT", PlacementPolicy.Rank(Request(), [met, short_], context).Candidates[0].Code);
    }

    [Fact]
    public void When_nothing_fits_the_reason_names_the_rule_that_excluded_the_last_candidates()
    {
        var decision = PlacementPolicy.Rank(Request(Family), [Location(free: 2), Location("AZC002", lifecycle: Lifecycle.Closing)], Context);

        Assert.Empty(decision.Candidates);
        Assert.Equal("No fitting location has 3 free Families beds together.", decision.WhyNone);
    }
}

public sealed class AttemptOrderTests
{
    private static readonly RankedLocation[] Candidates =
        [new("A", 30), new("B", 29.5), new("C", 28.5), new("D", 20), new("E", 10)];

    [Fact]
    public void Equally_good_candidates_are_rotated_per_placement_and_worse_ones_keep_their_place()
    {
        var orders = Enumerable.Range(0, 50).Select(i => PlacementPolicy.AttemptOrder(Candidates, $"p{i}")).ToArray();

        Assert.All(orders, order => Assert.Equal(["D", "E"], order.Skip(3).Select(c => c.Code)));
        Assert.All(orders, order => Assert.Equal(["A", "B", "C"], order.Take(3).Select(c => c.Code).Order()));
        Assert.Equal(3, orders.Select(o => o[0].Code).Distinct().Count());
    }

    [Fact]
    public void The_same_placement_always_tries_the_same_order()
    {
        Assert.Equal(PlacementPolicy.AttemptOrder(Candidates, "p-42"), PlacementPolicy.AttemptOrder(Candidates, "p-42"));
    }
}
