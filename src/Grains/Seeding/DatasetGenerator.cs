namespace Beddengrid.Grains;

/// <summary>How one kind of location is seeded.</summary>
internal sealed record KindShape(
    LocationKind Kind,
    string CodePrefix,
    string NamePrefix,
    int Count,
    int MinBeds,
    int MaxBeds,
    double Occupancy,
    double ReserveShare,
    (double SingleMen, double SingleWomen, double Families, double Minors) Mix,
    LocationOperator Operator,
    LocationQuality Quality,
    int? MaxStayDays);

internal sealed class DatasetGenerator(DateOnly asOf, int seed, double scale)
{
    private static readonly KindShape[] Shapes =
    [
        new(LocationKind.Pol, "POL", "POL", 8, 300, 500, 0.75, 0, (0.45, 0.15, 0.40, 0), LocationOperator.Coa, LocationQuality.Regular, null),
        new(LocationKind.Azc, "AZC", "AZC", 100, 250, 650, 0.56, 0.11, (0.40, 0.15, 0.45, 0), LocationOperator.Coa, LocationQuality.Regular, null),
        new(LocationKind.AzcAccelerated, "ACC", "AZC versnelde procedure", 6, 200, 400, 0.6, 0, (0.70, 0.10, 0.20, 0), LocationOperator.Coa, LocationQuality.Regular, null),
        new(LocationKind.Emergency, "NOO", "Noodopvang", 150, 40, 360, 0.88, 0.03, (0.55, 0.15, 0.30, 0), LocationOperator.Municipality, LocationQuality.BelowStandard, null),
        new(LocationKind.Tgo, "TGO", "TGO", 60, 40, 140, 0.9, 0, (0.60, 0.15, 0.25, 0), LocationOperator.Municipality, LocationQuality.BelowStandard, 9),
        new(LocationKind.Amv, "AMV", "AMV-opvang", 40, 20, 100, 0.7, 0, (0, 0, 0, 1), LocationOperator.ThirdParty, LocationQuality.Regular, null),
        new(LocationKind.Pbl, "PBL", "PBL", 3, 150, 300, 0.6, 0, (0.80, 0.10, 0.10, 0), LocationOperator.Coa, LocationQuality.Regular, null),
        new(LocationKind.FamilyLocation, "GZL", "Gezinslocatie", 3, 200, 400, 0.6, 0, (0, 0, 1, 0), LocationOperator.Coa, LocationQuality.Regular, null),
        new(LocationKind.Vbl, "VBL", "VBL", 2, 150, 300, 0.5, 0, (0.60, 0.20, 0.20, 0), LocationOperator.Coa, LocationQuality.Regular, 84),
        new(LocationKind.Ibo, "IBO", "IBO", 2, 30, 60, 0.6, 0, (0.80, 0.20, 0, 0), LocationOperator.Coa, LocationQuality.Regular, null),
        new(LocationKind.Htl, "HTL", "HTL", 1, 30, 50, 0.5, 0, (1, 0, 0, 0), LocationOperator.Coa, LocationQuality.Regular, 90),
        new(LocationKind.Doorstroom, "DSL", "Doorstroomlocatie", 20, 80, 220, 0.7, 0, (0.40, 0.20, 0.40, 0), LocationOperator.Municipality, LocationQuality.Regular, 365),
    ];

    private static readonly string[] EmergencyVenues = ["Evenementenhal", "Kantoorpand", "Vakantiepark", "Hotelschip", "Sporthal", "Kazerne", "Paviljoen"];

    private readonly Random _random = new(seed);
    private readonly DateTimeOffset _asOfInstant = new(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    private readonly List<LocationRegistration> _locations = [];
    private readonly List<Arrival> _residents = [];
    private readonly Dictionary<string, int> _namesUsed = [];
    private int _nextCase = 1;

    public NationalDataset Generate()
    {
        AddLocation(new KindShape(LocationKind.RegistrationCentre, "", "Aanmeldcentrum", 1, 2000, 2000, 0.88, 0, (0.50, 0.15, 0.35, 0), LocationOperator.Coa, LocationQuality.Regular, null),
            GridPicture.RegistrationCentreCode, "Aanmeldcentrum Ter Apel", Municipalities.Named("Westerwolde"));
        AddLocation(new KindShape(LocationKind.RegistrationCentre, "", "Aanmeldcentrum", 1, 800, 800, 0.8, 0, (0.50, 0.15, 0.35, 0), LocationOperator.Coa, LocationQuality.Regular, null),
            "BUD", "Aanmeldcentrum Budel", Municipalities.Named("Cranendonck"));
        foreach (var shape in Shapes)
        {
            for (var i = 1; i <= shape.Count; i++)
            {
                var municipality = WeightedMunicipality();
                AddLocation(shape, $"{shape.CodePrefix}{i:D3}", LocationName(shape, municipality), municipality);
            }
        }
        return new NationalDataset(_locations, _residents, NationalDataset.TargetsFor(NationalDataset.NationalNeed));
    }

    private void AddLocation(KindShape shape, string code, string name, Municipality municipality)
    {
        var contractEnd = ContractEnd(shape);
        var restrictions = shape.Kind switch
        {
            LocationKind.Azc when _random.NextDouble() < 0.10 => TargetGroupRestrictions.NoSingleMen,
            LocationKind.Azc or LocationKind.Emergency when _random.NextDouble() < 0.05 => TargetGroupRestrictions.FamiliesOnly,
            _ => TargetGroupRestrictions.None,
        };
        var profile = new LocationProfile(
            code, name, shape.Kind, shape.Operator, shape.Quality, municipality.Name, municipality.Province,
            Math.Round(municipality.Latitude + (_random.NextDouble() - 0.5) * 0.08, 4),
            Math.Round(municipality.Longitude + (_random.NextDouble() - 0.5) * 0.08, 4),
            asOf.AddDays(-_random.Next(30, 1500)), contractEnd, shape.MaxStayDays, restrictions,
            IsMainSite: _random.NextDouble() >= 0.15);
        var size = Math.Max(4, (int)Math.Round(_random.Next(shape.MinBeds, shape.MaxBeds + 1) * scale));
        var rooms = Rooms(shape, size);
        _locations.Add(new LocationRegistration(profile, Lifecycle.Open, Beds(shape, profile, rooms)));
    }

    private DateOnly? ContractEnd(KindShape shape)
    {
        if (shape.Kind is LocationKind.RegistrationCentre || (shape.Operator == LocationOperator.Coa && _random.NextDouble() < 0.3))
        {
            return null;
        }
        var days = shape.Kind switch
        {
            LocationKind.Tgo => _random.Next(30, 180),
            LocationKind.Emergency => _random.Next(45, 540),
            _ => _random.NextDouble() < 0.45 ? _random.Next(30, 366) : _random.Next(366, 1826),
        };
        return asOf.AddDays(days);
    }

    private List<BedDefinition[]> Rooms(KindShape shape, int size)
    {
        var rooms = new List<BedDefinition[]>();
        var remaining = size;
        var unit = 1;
        var roomInUnit = 0;
        while (remaining > 0)
        {
            var group = PickGroup(shape.Mix);
            var roomSize = Math.Min(remaining, group == BedGroup.Families ? _random.Next(4, 7) : _random.Next(2, 5));
            var features = _random.NextDouble() switch
            {
                < 0.02 => Needs.Medical,
                < 0.04 => Needs.Wheelchair,
                _ => Needs.None,
            };
            if (++roomInUnit > 6)
            {
                unit++;
                roomInUnit = 1;
            }
            var unitName = $"U{unit:D2}";
            var roomName = $"R{roomInUnit:D2}";
            rooms.Add(Enumerable.Range(1, roomSize)
                .Select(b => new BedDefinition($"{unitName}-{roomName}-B{b}", unitName, roomName, group, features))
                .ToArray());
            remaining -= roomSize;
        }
        return rooms;
    }

    private List<BedSnapshot> Beds(KindShape shape, LocationProfile profile, List<BedDefinition[]> rooms)
    {
        var beds = new List<BedSnapshot>();
        var nominal = rooms.Sum(r => r.Length);
        var closedUnit = _random.NextDouble() < 0.10 && rooms.Count > 6 ? rooms[^1][0].Unit : null;
        var closure = new Closure((ClosureReason)_random.Next(4), asOf.AddDays(_random.Next(14, 60)));
        var reserveTarget = (int)Math.Round(nominal * shape.ReserveShare);
        var order = rooms.OrderBy(_ => _random.Next()).ToList();
        var reserved = 0;
        var inService = new List<BedDefinition[]>();
        foreach (var room in order)
        {
            if (room[0].Unit == closedUnit)
            {
                beds.AddRange(room.Select(b => Snapshot(b, BedStatus.Closed) with { Closure = closure }));
            }
            else if (reserved < reserveTarget)
            {
                var terms = ReserveTermsFor();
                beds.AddRange(room.Select(b => Snapshot(b, BedStatus.Reserve) with { Reserve = terms }));
                reserved += room.Length;
            }
            else
            {
                inService.Add(room);
            }
        }
        var occupyTarget = (int)Math.Round(inService.Sum(r => r.Length) * shape.Occupancy);
        var occupied = 0;
        foreach (var room in inService)
        {
            var taken = 0;
            if (occupied < occupyTarget)
            {
                taken = room[0].Group == BedGroup.Families ? Admit(profile, room, _random.Next(2, room.Length + 1)) : AdmitEach(profile, room);
                occupied += taken;
            }
            beds.AddRange(room.Skip(taken).Select(b => Snapshot(b, BedStatus.Available)));
            beds.AddRange(room.Take(taken).Select(b => Snapshot(b, BedStatus.Occupied) with { Occupant = _occupants[b.BedId] }));
        }
        _occupants.Clear();
        return beds;
    }

    private readonly Dictionary<string, Occupancy> _occupants = [];

    private int AdmitEach(LocationProfile profile, BedDefinition[] room)
    {
        foreach (var bed in room)
        {
            Admit(profile, [bed], 1);
        }
        return room.Length;
    }

    /// <summary>Admits one household into the first <paramref name="size"/> beds of a room, as a resident with a case.</summary>
    private int Admit(LocationProfile profile, BedDefinition[] room, int size)
    {
        var caseReference = $"V{_nextCase++:D7}";
        var household = HouseholdFor(room[0].Group, size);
        var phase = PhaseAt(profile.Kind);
        var moves = _random.NextDouble() switch { < 0.35 => 1, < 0.65 => 2, < 0.84 => 3, < 0.93 => 4, _ => _random.Next(5, 9) };
        var inProvince = Municipalities.All.Where(m => m.Province == profile.Province).ToArray();
        var linked = phase == Phase.PermitHolder ? inProvince[_random.Next(inProvince.Length)].Name : null;
        var occupancy = new Occupancy(caseReference, phase, _asOfInstant.AddDays(-_random.Next(1, 200)), moves);
        var beds = room.Take(size).ToArray();
        foreach (var bed in beds)
        {
            _occupants[bed.BedId] = occupancy;
        }
        // '/' is not allowed in a client's placement id: a client can never send the id of a seeded arrival, whose
        // placement has no record of its own, and have the case take its confirmation for that arrival's retry.
        var request = new PlacementRequest($"seed/{caseReference}", caseReference, household, room[0].Features, phase, Priority.Normal,
            GridPicture.RegistrationCentreCode, linked);
        _residents.Add(new Arrival(request.PlacementId, profile.Code, [.. beds.Select(b => b.BedId)], request, moves));
        return size;
    }

    private Household HouseholdFor(BedGroup group, int size) => group switch
    {
        BedGroup.SingleMen => Household.Single(AgeBand.Adult, Sex.Male),
        BedGroup.SingleWomen => Household.Single(AgeBand.Adult, Sex.Female),
        BedGroup.Minors => Household.Single(AgeBand.Teen, _random.NextDouble() < 0.85 ? Sex.Male : Sex.Female),
        _ => new Household([
            new Member(AgeBand.Adult, Sex.Female, Relation.Head),
            .. Enumerable.Range(1, size - 1).Select(i => i == 1 && _random.NextDouble() < 0.6
                ? new Member(AgeBand.Adult, Sex.Male, Relation.Partner)
                : new Member(_random.NextDouble() < 0.6 ? AgeBand.Child : AgeBand.Teen, _random.NextDouble() < 0.5 ? Sex.Male : Sex.Female, Relation.Child)),
        ]),
    };

    private Phase PhaseAt(LocationKind kind) => kind switch
    {
        LocationKind.RegistrationCentre or LocationKind.Tgo => Phase.JustRegistered,
        LocationKind.Pol => _random.NextDouble() < 0.6 ? Phase.RestAndPreparation : Phase.GeneralProcedure,
        LocationKind.Azc => _random.NextDouble() < 0.4 ? Phase.PermitHolder : Phase.ExtendedProcedure,
        LocationKind.Emergency => _random.NextDouble() < 0.25 ? Phase.PermitHolder : Phase.ExtendedProcedure,
        LocationKind.Doorstroom => Phase.PermitHolder,
        LocationKind.Pbl or LocationKind.FamilyLocation or LocationKind.Vbl => Phase.Rejected,
        _ => Phase.ExtendedProcedure,
    };

    private ReserveTerms ReserveTermsFor() => _random.NextDouble() switch
    {
        < 0.5 => new ReserveTerms(ReserveKind.Direct, _random.Next(0, 4), null),
        < 0.75 => new ReserveTerms(ReserveKind.Indirect, _random.Next(60, 181), null),
        _ when _random.NextDouble() < 0.5 => new ReserveTerms(ReserveKind.FlexibleUse, 90, 3),
        _ => new ReserveTerms(ReserveKind.FlexibleUse, 180, 6),
    };

    private static BedSnapshot Snapshot(BedDefinition definition, BedStatus status) => new(definition, status, null, null, null, null, null);

    private BedGroup PickGroup((double SingleMen, double SingleWomen, double Families, double Minors) mix)
    {
        var roll = _random.NextDouble() * (mix.SingleMen + mix.SingleWomen + mix.Families + mix.Minors);
        return roll < mix.SingleMen ? BedGroup.SingleMen
            : roll < mix.SingleMen + mix.SingleWomen ? BedGroup.SingleWomen
            : roll < mix.SingleMen + mix.SingleWomen + mix.Families ? BedGroup.Families
            : BedGroup.Minors;
    }

    private Municipality WeightedMunicipality()
    {
        // Square root of population: large cities host more places, but not in proportion, as in practice.
        var weights = Municipalities.All.Select(m => Math.Sqrt(m.PopulationThousands)).ToArray();
        var roll = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll <= 0)
            {
                return Municipalities.All[i];
            }
        }
        return Municipalities.All[^1];
    }

    private string LocationName(KindShape shape, Municipality municipality)
    {
        var name = shape.Kind == LocationKind.Emergency
            ? $"{shape.NamePrefix} {municipality.Name} {EmergencyVenues[_random.Next(EmergencyVenues.Length)]}"
            : $"{shape.NamePrefix} {municipality.Name}";
        var used = _namesUsed[name] = _namesUsed.GetValueOrDefault(name) + 1;
        return used == 1 ? name : $"{name} {used}";
    }
}
