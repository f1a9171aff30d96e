using Beddengrid.Frontend.Access;
using Beddengrid.Frontend.Hub;
using Beddengrid.Grains;
using Beddengrid.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beddengrid.Silo.Api;

/// <summary>One province: its totals, its distribution-law share and its municipalities' shares, and its locations.</summary>
public sealed record ProvincePicture(
    long Version,
    string Province,
    AreaTotals Totals,
    DistributionShare? Share,
    IReadOnlyList<DistributionShare> Municipalities,
    IReadOnlyList<LocationSummary> Locations);

public sealed record KindPicture(long Version, LocationKind Kind, AreaTotals Totals, IReadOnlyList<LocationSummary> Locations);

/// <summary>Reads of the national picture: every answer comes from one immutable snapshot, never from a grain.</summary>
public static class PictureEndpoints
{
    public static RouteGroupBuilder MapPicture(this RouteGroupBuilder api)
    {
        var picture = api.MapGroup("/picture").WithTags("Picture");
        picture.MapGet("/", National).WithSummary("National totals by kind and province, and the pressure signals the desk watches.");
        picture.MapGet("/provinces/{name}", Province).WithSummary("One province: totals, places realised against assigned, its locations.");
        picture.MapGet("/kinds/{kind}", Kind).WithSummary("One kind of location: totals and its locations.");
        return api;
    }

    private static Ok<GridTotals> National(GridPicture picture) => TypedResults.Ok(GridTotals.From(picture.Snapshot));

    private static Results<Ok<ProvincePicture>, ProblemHttpResult> Province(string name, GridPicture picture)
    {
        var snapshot = picture.Snapshot;
        if (!snapshot.ByProvince.TryGetValue(name, out var totals))
        {
            return GridProblems.Result(StatusCodes.Status404NotFound, "name", $"Unknown province {name}.");
        }
        return TypedResults.Ok(new ProvincePicture(
            snapshot.Version, name, totals,
            snapshot.Provinces.FirstOrDefault(p => p.Area == name),
            snapshot.Municipalities.Where(m => m.Province == name).ToArray(),
            InOrder(snapshot.Locations.Values.Where(l => l.Profile.Province == name))));
    }

    private static Results<Ok<KindPicture>, ProblemHttpResult> Kind(string kind, GridPicture picture)
    {
        var errors = new RequestErrors();
        if (errors.Enum<LocationKind>(kind, "kind") is not { } parsed)
        {
            return errors.Problem();
        }
        var snapshot = picture.Snapshot;
        return TypedResults.Ok(new KindPicture(
            snapshot.Version, parsed, snapshot.ByKind.GetValueOrDefault(parsed, AreaTotals.Zero),
            InOrder(snapshot.Locations.Values.Where(l => l.Profile.Kind == parsed))));
    }

    private static LocationSummary[] InOrder(IEnumerable<LocationSummary> locations) => locations.OrderBy(l => l.Code, StringComparer.Ordinal).ToArray();
}
