namespace Beddengrid.Grains;

/// <summary>
/// What the hard rules ask of a location for one request, worked out once per request instead of once per location. It
/// is everything the rules read, so requests with equal criteria fit exactly the same locations.
/// </summary>
/// <param name="Kinds">One bit for each <see cref="LocationKind"/> that serves the request's phase and household.</param>
public readonly record struct HardCriteria(int Kinds, string? AvoidLocation, DateOnly StayEnds, int StayDays, Demand Demand)
{
    private static readonly LocationKind[] AllKinds = Enum.GetValues<LocationKind>();

    public static HardCriteria Of(PlacementRequest request, DateOnly today)
    {
        var kinds = 0;
        foreach (var kind in AllKinds)
        {
            kinds |= PhaseRules.KindFits(kind, request.Phase, request.Household) ? 1 << (int)kind : 0;
        }
        var stay = request.ExpectedStayDays;
        return new HardCriteria(kinds, request.AvoidLocation, today.AddDays(stay), stay, Demand.Of(request));
    }
}
