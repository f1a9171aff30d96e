using Beddengrid.Frontend.Access;
using Beddengrid.Grains;
using Beddengrid.Runtime;
using Beddengrid.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Beddengrid.Silo.Api;

/// <summary>One person in the household: only what placement needs, no name.</summary>
public sealed record MemberBody(AgeBand? AgeBand, Sex? Sex, Relation? Relation);

/// <summary>A request for beds. <see cref="PlacementId"/> is the client's idempotency key: resending it never places twice.</summary>
public sealed record PlacementBody(
    string? PlacementId,
    string? CaseReference,
    IReadOnlyList<MemberBody>? Household,
    IReadOnlyList<Needs>? Needs,
    Phase? Phase,
    Priority? Priority,
    string? Origin,
    string? LinkedMunicipality)
{
    public PlacementRequest ToRequest(RequestErrors errors, GridPicture picture, GridOptions grid)
    {
        var placementId = errors.Id(PlacementId, "placementId");
        var caseReference = errors.CaseReference(CaseReference, "caseReference");
        var household = HouseholdOf(errors, Household);
        var phase = errors.Required(Phase, "phase");
        var origin = Origin ?? grid.DefaultOrigin;
        if (picture.Location(origin) is null)
        {
            errors.Add("origin", $"Unknown location {origin}.");
        }
        errors.KnownMunicipality(LinkedMunicipality, "linkedMunicipality", picture);
        return new PlacementRequest(placementId, caseReference, household, errors.Flags(Needs), phase, Priority ?? Grains.Priority.Normal, origin, LinkedMunicipality);
    }

    private static Household HouseholdOf(RequestErrors errors, IReadOnlyList<MemberBody>? members)
    {
        if (members is null || members.Count == 0)
        {
            errors.Add("household", "A household has at least one member.");
            return new Household([]);
        }
        if (members.Count > Grains.Household.MaxMembers)
        {
            errors.Add("household", $"A household has at most {Grains.Household.MaxMembers} members; place larger groups as several households.");
        }
        var valid = new List<Member>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            if (errors.Present(members[i], $"household[{i}]"))
            {
                valid.Add(new Member(
                    errors.Required(members[i].AgeBand, $"household[{i}].ageBand"),
                    errors.Required(members[i].Sex, $"household[{i}].sex"),
                    errors.Required(members[i].Relation, $"household[{i}].relation")));
            }
        }
        return new Household(valid);
    }
}

public static class PlacementEndpoints
{
    public static RouteGroupBuilder MapPlacements(this RouteGroupBuilder api)
    {
        var placements = api.MapGroup("/placements").WithTags("Placements");
        placements.MapPost("/", Request).RequireAuthorization(GridRoles.Policies.Place)
            .WithSummary("Asks for beds for a household: held beds with their expiry, or a place in the waiting queue with the reason.");
        placements.MapGet("/{placementId}", Get).WithSummary("The placement's current state.");
        placements.MapPost("/{placementId}/confirm", Confirm).RequireAuthorization(GridRoles.Policies.Place)
            .WithSummary("The household arrived: the held beds become occupied.");
        placements.MapPost("/{placementId}/cancel", Cancel).RequireAuthorization(GridRoles.Policies.Place)
            .WithSummary("Releases the held beds or leaves the waiting queue.");
        return api;
    }

    private static async Task<Results<Created<PlacementView>, Ok<PlacementView>, ProblemHttpResult>> Request(
        PlacementBody body, IGrainFactory grains, GridPicture picture, IOptions<GridOptions> grid)
    {
        var errors = new RequestErrors();
        var request = body.ToRequest(errors, picture, grid.Value);
        if (errors.Any)
        {
            return errors.Problem();
        }
        var (view, isRepeat) = await grains.GetGrain<IPlacementGrain>(request.PlacementId).Request(request);
        return isRepeat ? TypedResults.Ok(view) : TypedResults.Created($"/api/placements/{view.PlacementId}", view);
    }

    private static async Task<Results<Ok<PlacementView>, ProblemHttpResult>> Get(string placementId, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.Id(placementId, "placementId");
        if (errors.Any)
        {
            return errors.Problem();
        }
        return await grains.GetGrain<IPlacementGrain>(placementId).Get() is { } view
            ? TypedResults.Ok(view)
            : GridProblems.Result(StatusCodes.Status404NotFound, "placementId", $"Placement {placementId} does not exist.");
    }

    private static Task<Results<Ok<PlacementView>, ProblemHttpResult>> Confirm(string placementId, IGrainFactory grains) =>
        Change(placementId, grains, placement => placement.Confirm());

    private static Task<Results<Ok<PlacementView>, ProblemHttpResult>> Cancel(string placementId, IGrainFactory grains) =>
        Change(placementId, grains, placement => placement.Cancel());

    private static async Task<Results<Ok<PlacementView>, ProblemHttpResult>> Change(string placementId, IGrainFactory grains, Func<IPlacementGrain, Task<PlacementView>> change)
    {
        var errors = new RequestErrors();
        errors.Id(placementId, "placementId");
        if (errors.Any)
        {
            return errors.Problem();
        }
        return TypedResults.Ok(await change(grains.GetGrain<IPlacementGrain>(placementId)));
    }
}
