using Beddengrid.Frontend.Access;
using Beddengrid.Grains;
using Beddengrid.Runtime;
using Beddengrid.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beddengrid.Silo.Api;

public sealed record LocationList(long Version, IReadOnlyList<LocationSummary> Locations);

public static class LocationEndpoints
{
    public static RouteGroupBuilder MapLocations(this RouteGroupBuilder api)
    {
        var locations = api.MapGroup("/locations").WithTags("Locations");
        locations.MapGet("/", List)
            .WithSummary("Locations from the picture, by kind and province; with size (and group) only those open with that many free beds of the household's group.");
        locations.MapGet("/{code}", Detail).WithSummary("A location with every bed, by unit and room.");
        locations.MapGet("/{code}/beds", Beds).WithSummary("A location's beds with their state, hold, occupant or closure.");
        return api;
    }

    /// <summary>A 404 for a code the picture does not know, so that no grain is activated for it.</summary>
    public static ProblemHttpResult? Unknown(GridPicture picture, string code) => picture.Location(code) is null
        ? GridProblems.Result(StatusCodes.Status404NotFound, "code", $"Location {code} does not exist.")
        : null;

    private static Results<Ok<LocationList>, ProblemHttpResult> List(GridPicture picture, string? kind, string? province, string? size, string? group)
    {
        var errors = new RequestErrors();
        var kindFilter = errors.Enum<LocationKind>(kind, "kind");
        var groupFilter = errors.Enum<BedGroup>(group, "group");
        int? sizeFilter = null;
        if (size is not null)
        {
            if (int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var members))
            {
                sizeFilter = errors.Range(members, "size", 1, Household.MaxMembers);
            }
            else
            {
                errors.Add("size", $"'{size}' is not a number of household members (1 to {Household.MaxMembers}).");
            }
        }
        if (groupFilter is not null && sizeFilter is null)
        {
            errors.Add("size", "Give the household's size with its group.");
        }
        var snapshot = picture.Snapshot;
        if (province is not null && !snapshot.ByProvince.ContainsKey(province))
        {
            errors.Add("province", $"Unknown province {province}.");
        }
        if (errors.Any)
        {
            return errors.Problem();
        }
        var fitting = snapshot.Locations.Values
            .Where(l => kindFilter is null || l.Profile.Kind == kindFilter)
            .Where(l => province is null || l.Profile.Province == province)
            .Where(l => sizeFilter is not { } members || (l.AcceptsPlacements && Fits(l, groupFilter, members)))
            .OrderBy(l => l.Code, StringComparer.Ordinal)
            .ToArray();
        return TypedResults.Ok(new LocationList(snapshot.Version, fitting));
    }

    /// <summary>Enough free beds of the group (any group when none is given) for a household of this size.</summary>
    private static bool Fits(LocationSummary location, BedGroup? group, int members) => group is { } one
        ? location.Free(one).Free >= members
        : location.FreeByGroup.Any(g => g.Free >= members);

    private static async Task<Results<Ok<LocationDetail>, ProblemHttpResult>> Detail(string code, GridPicture picture, IGrainFactory grains) =>
        Unknown(picture, code) is { } unknown ? unknown : TypedResults.Ok(await grains.GetGrain<ILocationGrain>(code).GetDetail());

    private static async Task<Results<Ok<IReadOnlyList<BedSnapshot>>, ProblemHttpResult>> Beds(string code, GridPicture picture, IGrainFactory grains) =>
        Unknown(picture, code) is { } unknown ? unknown : TypedResults.Ok((await grains.GetGrain<ILocationGrain>(code).GetDetail()).Beds);
}
