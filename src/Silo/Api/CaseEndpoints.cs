using Beddengrid.Frontend.Access;
using Beddengrid.Grains;
using Beddengrid.Runtime;
using Beddengrid.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beddengrid.Silo.Api;

/// <summary>A move decided by the desk; the destination is held under <see cref="PlacementId"/> before the origin is released.</summary>
public sealed record TransferBody(string? PlacementId, Phase? Phase, string? LinkedMunicipality);

public sealed record DepartureBody(DepartureReason? Reason);

public sealed record PhaseBody(Phase? Phase, string? LinkedMunicipality);

public static class CaseEndpoints
{
    public static RouteGroupBuilder MapCases(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases/{caseReference}").WithTags("Cases");
        cases.MapGet("/", Get).WithSummary("The household, its beds, moves and history.");
        cases.MapPost("/transfer", Transfer).RequireAuthorization(GridRoles.Policies.Manage)
            .WithSummary("Holds beds elsewhere for a resident household; its current beds are released on arrival.");
        cases.MapPost("/depart", Depart).RequireAuthorization(GridRoles.Policies.Manage).WithSummary("The household left reception; its beds free up.");
        cases.MapPost("/phase", ChangePhase).RequireAuthorization(GridRoles.Policies.Manage).WithSummary("The household moved on in the asylum chain.");
        return api;
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Get(string caseReference, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.CaseReference(caseReference, "caseReference");
        if (errors.Any)
        {
            return errors.Problem();
        }
        return await grains.GetGrain<ICaseGrain>(caseReference).Get() is { } view
            ? TypedResults.Ok(view)
            : GridProblems.Result(StatusCodes.Status404NotFound, "caseReference", $"Case {caseReference} does not exist.");
    }

    /// <summary>A new transfer is 201 Created, a retry of one 200, as for intake requests.</summary>
    private static async Task<Results<Created<PlacementView>, Ok<PlacementView>, ProblemHttpResult>> Transfer(string caseReference, TransferBody body, IGrainFactory grains, GridPicture picture)
    {
        var errors = new RequestErrors();
        errors.CaseReference(caseReference, "caseReference");
        var placementId = errors.Id(body.PlacementId, "placementId");
        errors.KnownMunicipality(body.LinkedMunicipality, "linkedMunicipality", picture);
        if (errors.Any)
        {
            return errors.Problem();
        }
        var (view, isRepeat) = await grains.GetGrain<IPlacementGrain>(placementId).Transfer(caseReference, new TransferRequest(placementId, body.Phase, body.LinkedMunicipality));
        return isRepeat ? TypedResults.Ok(view) : TypedResults.Created($"/api/placements/{view.PlacementId}", view);
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Depart(string caseReference, DepartureBody body, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.CaseReference(caseReference, "caseReference");
        var reason = errors.Required(body.Reason, "reason");
        if (errors.Any)
        {
            return errors.Problem();
        }
        return TypedResults.Ok(await grains.GetGrain<ICaseGrain>(caseReference).Depart(reason));
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> ChangePhase(string caseReference, PhaseBody body, IGrainFactory grains, GridPicture picture)
    {
        var errors = new RequestErrors();
        errors.CaseReference(caseReference, "caseReference");
        var phase = errors.Required(body.Phase, "phase");
        errors.KnownMunicipality(body.LinkedMunicipality, "linkedMunicipality", picture);
        if (errors.Any)
        {
            return errors.Problem();
        }
        return TypedResults.Ok(await grains.GetGrain<ICaseGrain>(caseReference).ChangePhase(phase, body.LinkedMunicipality));
    }
}
