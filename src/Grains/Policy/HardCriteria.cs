namespace Beddengrid.Grains;

/// <summary>
/// What the hard rules ask of a location for one request, worked out once per request instead of once per location. It
/// is everything the rules read, so requests with equal criteria fit exactly the same locations.
/// </summary>
/// <param name="Kinds">One bit for each <see cref="LocationKind"/> that serves the request's phase and household.</param>
public readonly record struct HardCriteria(int Kinds, string? AvoidLocation, DateOnly StayEnds, int StayDays, Demand Demand)
{
    private static readonly LocationKind[] AllKinds = Enum.GetValues<LocationKind>();

    // PhaseRules.KindFits reads only the phase and whether the household is unaccompanied minors or has children, so
    // the kinds are worked out once for each of those combinations; -1 marks one not worked out yet.
    private static readonly int[] KindsByPhaseAndHousehold = Enumerable.Repeat(-1, Enum.GetValues<Phase>().Length * 4).ToArray();

    public static HardCriteria Of(PlacementRequest request, DateOnly today)
    {
        var stay = request.ExpectedStayDays;
        return new HardCriteria(KindsServing(request), request.AvoidLocation, today.AddDays(stay), stay, Demand.Of(request));
    }

    /// <summary>The same criteria for a request that is placed on <paramref name="today"/>: only the end of the stay moves.</summary>
    public HardCriteria On(DateOnly today) => this with { StayEnds = today.AddDays(StayDays) };

    private static int KindsServing(PlacementRequest request)
    {
        var household = request.Household;
        var slot = ((int)request.Phase * 4) + (household.IsUnaccompaniedMinors ? 2 : 0) + (household.HasChildren ? 1 : 0);
        var kinds = Volatile.Read(ref KindsByPhaseAndHousehold[slot]);
        if (kinds < 0)
        {
            kinds = AllKinds.Where(kind => PhaseRules.KindFits(kind, request.Phase, household)).Sum(kind => 1 << (int)kind);
            Volatile.Write(ref KindsByPhaseAndHousehold[slot], kinds);
        }
        return kinds;
    }
}
