namespace Beddengrid.Grains.Tests;

/// <summary>Small hand-made locations whose every bed a test can reason about.</summary>
public static class TinyGrid
{
    public static readonly Household SingleMan = Household.Single(AgeBand.Adult, Sex.Male);
    public static readonly Household SingleWoman = Household.Single(AgeBand.Adult, Sex.Female);
    public static readonly Household Minor = Household.Single(AgeBand.Teen, Sex.Female);

    public static Household Family(int size) => new([
        new Member(AgeBand.Adult, Sex.Female, Relation.Head),
        .. Enumerable.Range(1, size - 1).Select(_ => new Member(AgeBand.Child, Sex.Male, Relation.Child))]);

    public static LocationProfile Profile(string code, LocationKind kind = LocationKind.Azc, TargetGroupRestrictions restrictions = TargetGroupRestrictions.None,
        string municipality = "Assen", string province = "Drenthe", int? maxStay = null) =>
        new(code, $"Test {code}", kind, LocationOperator.Coa, LocationQuality.Regular, municipality, province, 52.99, 6.56,
            GridHost.Today.AddYears(-1), null, maxStay, restrictions, true);

    /// <summary>Rooms of <paramref name="roomSize"/> beds of one group, <paramref name="roomsPerUnit"/> rooms to a unit.</summary>
    public static IEnumerable<BedSnapshot> Rooms(BedGroup group, int rooms, int roomSize, int firstUnit = 1, int roomsPerUnit = 2, BedStatus status = BedStatus.Available, ReserveTerms? reserve = null) =>
        Enumerable.Range(0, rooms).SelectMany(r =>
        {
            var unit = $"U{firstUnit + r / roomsPerUnit}";
            var room = $"{group}{r}";
            return Enumerable.Range(1, roomSize).Select(b =>
                new BedSnapshot(new BedDefinition($"{unit}-{room}-B{b}", unit, room, group, Needs.None), status, null, null, null, status == BedStatus.Reserve ? reserve : null, null));
        });

    public static Task<LocationSummary> Register(GridHost grid, LocationProfile profile, params IEnumerable<BedSnapshot>[] beds) =>
        grid.Location(profile.Code).Register(new LocationRegistration(profile, Lifecycle.Open, beds.SelectMany(b => b).ToArray()));

    public static PlacementRequest Request(string id, Household household, Phase phase = Phase.ExtendedProcedure, Needs needs = Needs.None, string? caseReference = null) =>
        new(id, caseReference ?? $"V-{id}", household, needs, phase, Priority.Normal, "TER");
}
