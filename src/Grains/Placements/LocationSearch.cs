using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>What a search for beds found: the hold, or why no location held any.</summary>
internal readonly record struct SearchOutcome(HoldResult? Hold, string? WhyNone);

/// <summary>
/// Holds beds for a request at the best location that has them: the policy ranks the locations, and the candidates are
/// tried in their attempt order until one holds. A direct request and the waiting queue search this one way, so a
/// household placed from the queue lands where it would have landed had the beds been free when it asked.
/// </summary>
internal static class LocationSearch
{
    public static async Task<SearchOutcome> HoldAtBest(
        IGrainFactory grains, GridPicture picture, PlacementRequest request, IReadOnlyList<LocationSummary> locations, DateTimeOffset expiresAt)
    {
        var decision = PlacementPolicy.Rank(request, locations, picture.PolicyContextFor(request.OriginLocation, request.LinkedMunicipality));
        var whyNone = decision.WhyNone;
        foreach (var candidate in PlacementPolicy.AttemptOrder(decision.Candidates, request.PlacementId))
        {
            var hold = await grains.GetGrain<ILocationGrain>(candidate.Code).TryHold(request, expiresAt);
            if (hold.IsHeld)
            {
                return new SearchOutcome(hold, null);
            }
            whyNone = hold.Refusal;
        }
        return new SearchOutcome(null, whyNone);
    }
}
