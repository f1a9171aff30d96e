using System.Text.Json.Serialization;
using Beddengrid.Frontend.Access;
using Beddengrid.Grains;
using Beddengrid.Runtime;
using Beddengrid.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beddengrid.Silo.Api;

/// <summary>Which beds: listed <see cref="BedIds"/>, one <see cref="Unit"/>, or the <see cref="Whole"/> location; exactly one.</summary>
public sealed record BedsBody(IReadOnlyList<string>? BedIds, string? Unit, bool? Whole)
{
    public BedSelection ToSelection(RequestErrors errors)
    {
        var given = (BedIds is { Count: > 0 } ? 1 : 0) + (Unit is not null ? 1 : 0) + (Whole == true ? 1 : 0);
        if (given != 1)
        {
            errors.Add("bedIds", "Name the beds: give exactly one of bedIds, unit, or whole: true.");
            return BedSelection.WholeLocation;
        }
        if (BedIds is { Count: > 0 } ids)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                errors.Id(ids[i], $"bedIds[{i}]");
            }
            return new BedSelection(ids);
        }
        return Unit is { } unit ? new BedSelection(Unit: errors.Id(unit, "unit")) : BedSelection.WholeLocation;
    }
}

public sealed record ClosureBody(IReadOnlyList<string>? BedIds, string? Unit, bool? Whole, ClosureReason? Reason, DateOnly? ExpectedReopening);

public sealed record LifecycleBody(Lifecycle? Lifecycle);

public sealed record ReserveActivationBody(int? Count);

/// <summary>
/// The new end of the location's contract; an explicit null means open-ended. The field must be sent: a body without
/// it is refused, not read as open-ended.
/// </summary>
public sealed record ContractEndBody
{
    private readonly DateOnly? _contractEnd;

    public DateOnly? ContractEnd
    {
        get => _contractEnd;
        init
        {
            _contractEnd = value;
            Sent = true;
        }
    }

    [JsonIgnore]
    public bool Sent { get; private init; }
}

public sealed record RoomBody(string? Room, BedGroup? Group, int? Beds, IReadOnlyList<Needs>? Features);

public sealed record UnitBody(string? Unit, IReadOnlyList<RoomBody>? Rooms);

/// <summary>A new location and its rooms; every bed starts available. Province and coordinates come from the municipality.</summary>
public sealed record NewLocationBody(
    string? Code,
    string? Name,
    LocationKind? Kind,
    LocationOperator? Operator,
    LocationQuality? Quality,
    string? Municipality,
    DateOnly? ContractStart,
    DateOnly? ContractEnd,
    int? MaxStayDays,
    IReadOnlyList<TargetGroupRestrictions>? Restrictions,
    bool? IsMainSite,
    Lifecycle? Lifecycle,
    IReadOnlyList<UnitBody>? Units)
{
    public const int MaxBeds = 5_000;

    public LocationRegistration ToRegistration(RequestErrors errors)
    {
        var code = errors.Id(Code, "code");
        if (code != code.ToUpperInvariant())
        {
            // The picture, the API and every desk action find a location by its exact code; AZC001 and azc001 would be two.
            errors.Add("code", "Location codes are written in capitals, such as AZC001.");
        }
        var name = errors.Text(Name, "name", 200);
        var municipality = Grains.Municipalities.All.FirstOrDefault(m => m.Name == Municipality);
        if (municipality is null)
        {
            errors.Add("municipality", Municipality is null ? "Required." : $"Unknown municipality {Municipality}.");
        }
        var start = errors.Required(ContractStart, "contractStart");
        errors.NotBefore(ContractEnd, start, "contractEnd", "The contract cannot end before it starts.");
        if (MaxStayDays is < 1)
        {
            errors.Add("maxStayDays", "At least 1 day, or leave it out.");
        }
        var profile = new LocationProfile(
            code, name, errors.Required(Kind, "kind"), Operator ?? LocationOperator.Coa, Quality ?? LocationQuality.Regular,
            municipality?.Name ?? "", municipality?.Province ?? "", municipality?.Latitude ?? 0, municipality?.Longitude ?? 0,
            start, ContractEnd, MaxStayDays, errors.Flags(Restrictions), IsMainSite ?? true);
        return new LocationRegistration(profile, Lifecycle ?? Grains.Lifecycle.Open, Beds(errors));
    }

    private BedSnapshot[] Beds(RequestErrors errors)
    {
        if (Units is not { Count: > 0 })
        {
            errors.Add("units", "A location has at least one unit with rooms.");
            return [];
        }
        var beds = new List<BedSnapshot>();
        var units = new HashSet<string>(StringComparer.Ordinal);
        var bedIds = new HashSet<string>(StringComparer.Ordinal);
        for (var u = 0; u < Units.Count; u++)
        {
            if (!errors.Present(Units[u], $"units[{u}]"))
            {
                continue;
            }
            var unit = errors.Id(Units[u].Unit, $"units[{u}].unit");
            if (!units.Add(unit))
            {
                errors.Add($"units[{u}].unit", $"Unit {unit} is given more than once; list each unit once with all its rooms.");
            }
            var rooms = Units[u].Rooms ?? [];
            if (rooms.Count == 0)
            {
                errors.Add($"units[{u}].rooms", "A unit has at least one room.");
            }
            for (var r = 0; r < rooms.Count; r++)
            {
                var field = $"units[{u}].rooms[{r}]";
                if (!errors.Present(rooms[r], field))
                {
                    continue;
                }
                var room = errors.Id(rooms[r].Room, $"{field}.room");
                var group = errors.Required(rooms[r].Group, $"{field}.group");
                var count = errors.Range(rooms[r].Beds, $"{field}.beds", 1, 50);
                var features = errors.Flags(rooms[r].Features);
                var roomBeds = Enumerable.Range(1, Math.Max(0, count)).Select(b => new BedSnapshot(
                    new BedDefinition($"{unit}-{room}-{b}", unit, room, group, features), BedStatus.Available, null, null, null, null, null)).ToArray();
                if (roomBeds.Length > 0 && roomBeds[^1].Definition.BedId.Length > RequestErrors.MaxIdLength)
                {
                    errors.Add($"{field}.room", $"Bed ids join unit, room and number ({roomBeds[^1].Definition.BedId.Length} characters here); shorten the unit or the room so that they fit in {RequestErrors.MaxIdLength} and every bed can be named.");
                }
                // Bed ids join unit and room with '-', so unit A-B with room C and unit A with room B-C would share ids.
                var clashes = roomBeds.Where(bed => !bedIds.Add(bed.Definition.BedId)).Select(bed => bed.Definition.BedId).ToList();
                if (clashes.Count > 0)
                {
                    errors.Add($"{field}.room", $"Bed ids {string.Join(", ", clashes)} of this room are already given to another room; rename the room or its unit.");
                }
                beds.AddRange(roomBeds);
            }
        }
        if (beds.Count > MaxBeds)
        {
            errors.Add("units", $"At most {MaxBeds} beds in one location.");
        }
        return [.. beds];
    }
}

/// <summary>The placement desk's actions on capacity. Every change goes through the location grain that owns the beds.</summary>
public static class DeskEndpoints
{
    public static RouteGroupBuilder MapDesk(this RouteGroupBuilder api)
    {
        var desk = api.MapGroup("/desk/locations").WithTags("Desk").RequireAuthorization(GridRoles.Policies.Manage);
        desk.MapPost("/", Register).WithSummary("Registers a new location with its beds.");
        desk.MapPost("/{code}/closures", Close).WithSummary("Takes beds out of service with a reason and an expected reopening.");
        desk.MapPost("/{code}/reopenings", Reopen).WithSummary("Brings closed beds back into service.");
        desk.MapPost("/{code}/lifecycle", SetLifecycle).WithSummary("planned → opening → open → closing (no new placements) → closed.");
        desk.MapPost("/{code}/reserve/activations", ActivateReserve).WithSummary("Brings reserve beds into service after their lead time.");
        desk.MapPost("/{code}/contract-end", ChangeContractEnd).WithSummary("Records a new contract end date.");
        return api;
    }

    private static async Task<Results<Created<LocationSummary>, ProblemHttpResult>> Register(NewLocationBody body, GridPicture picture, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var registration = body.ToRegistration(errors);
        if (errors.Any)
        {
            return errors.Problem();
        }
        if (picture.Location(registration.Profile.Code) is not null)
        {
            return GridProblems.Result(StatusCodes.Status409Conflict, "code", $"Location {registration.Profile.Code} already exists.");
        }
        var summary = await grains.GetGrain<ILocationGrain>(registration.Profile.Code).Register(registration);
        return TypedResults.Created($"/api/locations/{summary.Code}", summary);
    }

    private static Task<Results<Ok<DeskResult>, ProblemHttpResult>> Close(string code, ClosureBody body, GridPicture picture, IGrainFactory grains, TimeProvider clock) =>
        Act<DeskResult>(code, picture, grains, errors =>
        {
            var selection = new BedsBody(body.BedIds, body.Unit, body.Whole).ToSelection(errors);
            errors.NotBefore(body.ExpectedReopening, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), "expectedReopening", "The expected reopening cannot lie in the past; leave it out when it is unknown.");
            var closure = new Closure(errors.Required(body.Reason, "reason"), body.ExpectedReopening);
            return location => location.CloseBeds(selection, closure);
        });

    private static Task<Results<Ok<DeskResult>, ProblemHttpResult>> Reopen(string code, BedsBody body, GridPicture picture, IGrainFactory grains) =>
        Act<DeskResult>(code, picture, grains, errors =>
        {
            var selection = body.ToSelection(errors);
            return location => location.ReopenBeds(selection);
        });

    private static Task<Results<Ok<LocationSummary>, ProblemHttpResult>> SetLifecycle(string code, LifecycleBody body, GridPicture picture, IGrainFactory grains) =>
        Act<LocationSummary>(code, picture, grains, errors =>
        {
            var lifecycle = errors.Required(body.Lifecycle, "lifecycle");
            return location => location.SetLifecycle(lifecycle);
        });

    private static Task<Results<Ok<DeskResult>, ProblemHttpResult>> ActivateReserve(string code, ReserveActivationBody body, GridPicture picture, IGrainFactory grains) =>
        Act<DeskResult>(code, picture, grains, errors =>
        {
            var count = errors.Range(body.Count, "count", 1, NewLocationBody.MaxBeds);
            return location => location.ActivateReserve(count);
        });

    private static Task<Results<Ok<LocationSummary>, ProblemHttpResult>> ChangeContractEnd(string code, ContractEndBody body, GridPicture picture, IGrainFactory grains) =>
        Act<LocationSummary>(code, picture, grains, errors =>
        {
            if (!body.Sent)
            {
                errors.Add("contractEnd", "Required: a date, or null for an open-ended contract.");
            }
            errors.NotBefore(body.ContractEnd, picture.Location(code)!.Profile.ContractStart, "contractEnd", "The contract cannot end before it starts.");
            return location => location.ChangeContractEnd(body.ContractEnd);
        });

    /// <summary>
    /// The shape of every desk action: the location must exist, the body must validate, then exactly one call to the
    /// location grain. <paramref name="validate"/> returns that call, or records errors.
    /// </summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> Act<T>(
        string code, GridPicture picture, IGrainFactory grains, Func<RequestErrors, Func<ILocationGrain, Task<T>>> validate)
    {
        if (LocationEndpoints.Unknown(picture, code) is { } unknown)
        {
            return unknown;
        }
        var errors = new RequestErrors();
        var action = validate(errors);
        if (errors.Any)
        {
            return errors.Problem();
        }
        return TypedResults.Ok(await action(grains.GetGrain<ILocationGrain>(code)));
    }
}
