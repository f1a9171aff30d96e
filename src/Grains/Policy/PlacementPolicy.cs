namespace Beddengrid.Grains;

/// <summary>What the policy needs to know beyond the locations themselves.</summary>
public sealed record PolicyContext(
    DateOnly Today,
    double OriginLatitude,
    double OriginLongitude,
    string? LinkedProvince,
    IReadOnlyDictionary<string, double> ProvinceShortfall);

public readonly record struct RankedLocation(string Code, double Score);

/// <summary>What a request asks of a location's free beds: how many of one group, with which features.</summary>
public readonly record struct Demand(BedGroup Group, int Size, Needs Needs)
{
    public static Demand Of(PlacementRequest request) => new(request.Household.Group, request.Household.Size, request.Needs);
}

/// <summary>The ranked candidates, or why none fits.</summary>
public sealed record PolicyDecision(IReadOnlyList<RankedLocation> Candidates, string? WhyNone);

/// <summary>
/// DOMAIN.md's "Rules a placement must respect" as a pure function: hard criteria remove locations, soft criteria rank
/// the rest. The location itself then picks the beds, so the policy works on summaries and never calls a grain.
/// </summary>
public static class PlacementPolicy
{
    public const int MaxCandidates = 8;

    /// <summary>Candidates this close to the best score are equally good places for a household.</summary>
    public const double EquivalentScoreBand = 2.0;

    private enum Rule
    {
        KindFitsPhase,
        AcceptsPlacements,
        NotAvoided,
        TargetGroupAllowed,
        ContractLastsTheStay,
        MaximumStayLastsTheStay,
        EnoughFreeBeds,
        NeedsMet,
    }

    public static bool RestrictionsAllow(TargetGroupRestrictions restrictions, BedGroup group) =>
        !((restrictions & TargetGroupRestrictions.NoSingleMen) != 0 && group == BedGroup.SingleMen)
        && !((restrictions & TargetGroupRestrictions.FamiliesOnly) != 0 && group != BedGroup.Families)
        && !((restrictions & TargetGroupRestrictions.MinorsOnly) != 0 && group != BedGroup.Minors);

    /// <summary>Whether <paramref name="location"/> meets every hard rule of <paramref name="criteria"/>; cheap enough to ask often.</summary>
    public static bool Fits(HardCriteria criteria, LocationSummary location) => FirstBroken(criteria, location) is null;

    /// <summary>The first hard rule <paramref name="location"/> breaks for <paramref name="request"/>, or null if it fits.</summary>
    public static string? Refusal(PlacementRequest request, LocationSummary location, DateOnly today) =>
        FirstBroken(HardCriteria.Of(request, today), location) is { } rule ? Explain(rule, request) : null;

    public static PolicyDecision Rank(PlacementRequest request, IReadOnlyList<LocationSummary> locations, PolicyContext context)
    {
        var deepestRule = -1;
        Rule? deepest = null;
        var best = new List<RankedLocation>(MaxCandidates + 1);
        var criteria = HardCriteria.Of(request, context.Today);
        var map = new FlatMap(context.OriginLatitude, context.OriginLongitude);
        // Indexed rather than enumerated: this loop runs over every location for every request.
        for (var i = 0; i < locations.Count; i++)
        {
            var location = locations[i];
            var broken = FirstBroken(criteria, location);
            if (broken is null)
            {
                KeepBest(best, location.Code, Score(request, location, context, map));
            }
            else if ((int)broken > deepestRule)
            {
                deepestRule = (int)broken;
                deepest = broken;
            }
        }
        return best.Count > 0
            ? new PolicyDecision(best, null)
            : new PolicyDecision([], deepest is { } rule ? Explain(rule, request) : "No locations are registered.");
    }

    /// <summary>Keeps the <see cref="MaxCandidates"/> best in order, highest score first and by code on a tie, without sorting every fit.</summary>
    private static void KeepBest(List<RankedLocation> best, string code, double score)
    {
        var index = best.Count;
        while (index > 0 && Precedes(score, code, best[index - 1]))
        {
            index--;
        }
        if (index >= MaxCandidates)
        {
            return;
        }
        best.Insert(index, new RankedLocation(code, score));
        if (best.Count > MaxCandidates)
        {
            best.RemoveAt(MaxCandidates);
        }
    }

    private static bool Precedes(double score, string code, RankedLocation other) =>
        score > other.Score || (score == other.Score && string.CompareOrdinal(code, other.Code) < 0);

    /// <summary>
    /// The order in which to try the candidates for one placement: the equally good ones (within
    /// <see cref="EquivalentScoreBand"/> of the best) rotated by the placement id, then the rest. Without this every
    /// concurrent request would queue at the single best location; with it a burst spreads over equivalent ones, and a
    /// retried request still tries the same order.
    /// </summary>
    public static IReadOnlyList<RankedLocation> AttemptOrder(IReadOnlyList<RankedLocation> candidates, string placementId)
    {
        var equivalent = 0;
        while (equivalent < candidates.Count && candidates[equivalent].Score >= candidates[0].Score - EquivalentScoreBand)
        {
            equivalent++;
        }
        if (equivalent <= 1)
        {
            return candidates;
        }
        var start = (int)((uint)StableHash(placementId) % (uint)equivalent);
        return [.. candidates.Take(equivalent).Skip(start), .. candidates.Take(start), .. candidates.Skip(equivalent)];
    }

    /// <summary>FNV-1a: string.GetHashCode differs between processes, and the order must survive a restart.</summary>
    private static int StableHash(string value)
    {
        var hash = 2166136261;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619;
        }
        return (int)hash;
    }

    private static Rule? FirstBroken(HardCriteria criteria, LocationSummary location)
    {
        var profile = location.Profile;
        if ((criteria.Kinds & (1 << (int)profile.Kind)) == 0)
        {
            return Rule.KindFitsPhase;
        }
        if (!location.AcceptsPlacements)
        {
            return Rule.AcceptsPlacements;
        }
        if (profile.Code == criteria.AvoidLocation)
        {
            return Rule.NotAvoided;
        }
        if (!RestrictionsAllow(profile.Restrictions, criteria.Demand.Group))
        {
            return Rule.TargetGroupAllowed;
        }
        if (profile.ContractEnd is { } end && end < criteria.StayEnds)
        {
            return Rule.ContractLastsTheStay;
        }
        if (profile.MaxStayDays is { } maxStay && maxStay < criteria.StayDays)
        {
            return Rule.MaximumStayLastsTheStay;
        }
        return RoomBroken(criteria.Demand, location);
    }

    private static Rule? RoomBroken(Demand demand, LocationSummary location)
    {
        var free = location.Free(demand.Group);
        if (free.Free < demand.Size)
        {
            return Rule.EnoughFreeBeds;
        }
        return NeedsMet(demand, free) ? null : Rule.NeedsMet;
    }

    /// <summary>
    /// Each needed feature on at least one free bed; both needs on one bed or, for a household of more than one,
    /// on two beds.
    /// </summary>
    private static bool NeedsMet(Demand demand, GroupCapacity free) => demand.Needs switch
    {
        Needs.None => true,
        Needs.Medical => free.FreeMedical > 0,
        Needs.Wheelchair => free.FreeWheelchair > 0,
        _ => free.FreeMedicalAndWheelchair > 0 || (demand.Size > 1 && free.FreeMedical > 0 && free.FreeWheelchair > 0),
    };

    private static double Score(PlacementRequest request, LocationSummary location, PolicyContext context, FlatMap map)
    {
        var profile = location.Profile;
        var score = 0.0;
        if (request.LinkedMunicipality is { } linked)
        {
            score += profile.Municipality == linked ? 40 : profile.Province == context.LinkedProvince ? 20 : 0;
        }
        var usable = Math.Max(1, location.Usable);
        score += 20 * (1 - Math.Min(1.0, (location.Beds.Occupied + location.Beds.Held) / (double)usable));
        score += 10 * context.ProvinceShortfall.GetValueOrDefault(profile.Province);
        score -= map.DistanceKm(profile.Latitude, profile.Longitude) / 25;
        score += location.Free(request.Household.Group).LargestFreeRoom >= request.Household.Size ? 5 : 0;
        score += profile.Quality == LocationQuality.Regular ? 5 : 0;
        return score;
    }

    private static string Explain(Rule rule, PlacementRequest request)
    {
        var group = request.Household.Group;
        return rule switch
        {
            Rule.KindFitsPhase => $"No location of a kind that serves phase {request.Phase} for this household.",
            Rule.AcceptsPlacements => $"Every location that serves phase {request.Phase} is closing, closed or not yet open.",
            Rule.NotAvoided => "The only fitting location is the one the case is leaving.",
            Rule.TargetGroupAllowed => $"Target-group restrictions exclude {group} at every fitting location.",
            Rule.ContractLastsTheStay => $"Every fitting location's contract ends within the expected stay of {request.ExpectedStayDays} days.",
            Rule.MaximumStayLastsTheStay => $"Every fitting location's maximum stay is shorter than the expected {request.ExpectedStayDays} days.",
            Rule.EnoughFreeBeds => $"No fitting location has {request.Household.Size} free {group} beds together.",
            Rule.NeedsMet => $"No fitting location has a free {group} bed with {request.Needs}.",
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown rule."),
        };
    }
}

/// <summary>
/// Distance from an origin on a flat map scaled at the origin's latitude. Across the Netherlands it is within a few
/// percent of the great-circle distance, which is enough to prefer nearby locations, and it costs no trigonometry per
/// location: the policy measures it for every fitting location of every request.
/// </summary>
internal readonly struct FlatMap(double originLatitude, double originLongitude)
{
    private const double KmPerDegreeLatitude = 6371 * Math.PI / 180;

    private readonly double _kmPerDegreeLongitude = KmPerDegreeLatitude * Math.Cos(double.DegreesToRadians(originLatitude));

    public double DistanceKm(double latitude, double longitude)
    {
        var x = (longitude - originLongitude) * _kmPerDegreeLongitude;
        var y = (latitude - originLatitude) * KmPerDegreeLatitude;
        return Math.Sqrt(x * x + y * y);
    }
}
