using System.Net;
using Beddengrid.Grains;
using Beddengrid.Silo.Api;

namespace Beddengrid.Api.Tests;

public sealed class DeskApiTests(GridApiFactory grid) : IClassFixture<GridApiFactory>
{
    private readonly HttpClient _desk = grid.As(GridApiFactory.DeskKey);

    private async Task<LocationDetail> Detail(string code) => await (await _desk.GetAsync($"/api/locations/{code}")).Read<LocationDetail>();

    private async Task<string> AnAzc()
    {
        var list = await (await _desk.GetAsync("/api/locations?kind=Azc")).Read<LocationList>();
        return list.Locations.First(l => l.Beds.Available > 0 && l.Lifecycle == Lifecycle.Open && l.Code.EndsWith('7')).Code;
    }

    [Fact]
    public async Task Closing_a_unit_takes_its_free_beds_out_of_service_with_the_reason_and_reopening_brings_them_back()
    {
        var code = await AnAzc();
        var before = await Detail(code);
        var unit = before.Beds.First(b => b.Status == BedStatus.Available).Definition.Unit;
        var free = before.Beds.Count(b => b.Definition.Unit == unit && b.Status == BedStatus.Available);
        var closedBefore = (await grid.Picture()).National.Beds.Closed;

        var reopening = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var closed = await (await _desk.PostJson($"/api/desk/locations/{code}/closures", new { unit, reason = "Outbreak", expectedReopening = reopening })).Read<DeskResult>();

        Assert.Equal(free, closed.Changed - before.Beds.Count(b => b.Definition.Unit == unit && b.Status == BedStatus.Closed));
        var after = await Detail(code);
        Assert.All(after.Beds.Where(b => b.Definition.Unit == unit && b.Status == BedStatus.Closed),
            b => Assert.Equal(new Closure(ClosureReason.Outbreak, reopening), b.Closure));
        Assert.True((await grid.Picture()).National.Beds.Closed >= closedBefore + free);

        var reopened = await (await _desk.PostJson($"/api/desk/locations/{code}/reopenings", new { unit })).Read<DeskResult>();
        Assert.Equal(closed.Changed, reopened.Changed);
    }

    [Fact]
    public async Task A_closing_location_takes_no_new_placements_and_cannot_jump_back_to_planned()
    {
        var code = await AnAzc();

        var closing = await (await _desk.PostJson($"/api/desk/locations/{code}/lifecycle", new { lifecycle = "Closing" })).Read<LocationSummary>();

        Assert.False(closing.AcceptsPlacements);
        await (await _desk.PostJson($"/api/desk/locations/{code}/lifecycle", new { lifecycle = "Planned" })).AssertProblem(HttpStatusCode.Conflict, "lifecycle");
        await (await _desk.PostJson($"/api/desk/locations/{code}/lifecycle", new { lifecycle = "Open" })).Read<LocationSummary>();
    }

    [Fact]
    public async Task Activating_reserve_and_changing_the_contract_end_show_in_the_location()
    {
        var list = await (await _desk.GetAsync("/api/locations")).Read<LocationList>();
        var withReserve = list.Locations.First(l => l.Beds.Reserve > 0);

        var activated = await (await _desk.PostJson($"/api/desk/locations/{withReserve.Code}/reserve/activations", new { count = 1 })).Read<DeskResult>();
        var contract = await (await _desk.PostJson($"/api/desk/locations/{withReserve.Code}/contract-end", new { contractEnd = "2030-12-31" })).Read<LocationSummary>();

        Assert.Equal(1, activated.Changed);
        Assert.Equal(new DateOnly(2030, 12, 31), contract.Profile.ContractEnd);
        var openEnded = await (await _desk.PostRaw($"/api/desk/locations/{withReserve.Code}/contract-end", "{\"contractEnd\":null}")).Read<LocationSummary>();
        Assert.Null(openEnded.Profile.ContractEnd);
    }

    [Fact]
    public async Task A_new_location_is_registered_with_its_beds_and_appears_in_the_picture()
    {
        var before = (await grid.Picture()).National;
        var body = new
        {
            code = "NEW001", name = "Noodopvang Sporthal Zuid", kind = "Emergency", municipality = "Utrecht", contractStart = "2024-01-01", contractEnd = "2024-06-30",
            units = new[] { new { unit = "A", rooms = new[] { new { room = "1", group = "Families", beds = 4, features = Array.Empty<string>() }, new { room = "2", group = "SingleMen", beds = 6, features = new[] { "Wheelchair" } } } } },
        };

        var created = await (await _desk.PostJson("/api/desk/locations", body)).Read<LocationSummary>(HttpStatusCode.Created);

        Assert.Equal(10, created.Beds.Available);
        Assert.Equal("Utrecht", created.Profile.Province);
        var after = (await grid.Picture()).National;
        Assert.Equal((before.Locations + 1, before.Beds.Nominal + 10), (after.Locations, after.Beds.Nominal));
        await (await _desk.PostJson("/api/desk/locations", body)).AssertProblem(HttpStatusCode.Conflict, "code");
    }

    [Fact]
    public async Task Bad_desk_requests_name_the_field_and_change_nothing()
    {
        var before = (await grid.Picture()).Figures();

        await (await _desk.PostJson("/api/desk/locations/NOWHERE/closures", new { whole = true, reason = "Damage" })).AssertProblem(HttpStatusCode.NotFound, "code");
        await (await _desk.PostJson("/api/desk/locations/TER/closures", new { reason = "Damage" })).AssertProblem(HttpStatusCode.BadRequest, "bedIds");
        await (await _desk.PostJson("/api/desk/locations/TER/closures", new { unit = "U01", bedIds = new[] { "x" }, reason = "Damage" })).AssertProblem(HttpStatusCode.BadRequest, "bedIds");
        await (await _desk.PostJson("/api/desk/locations/TER/closures", new { whole = true, reason = "Boredom" })).AssertProblem(HttpStatusCode.BadRequest, "reason");
        await (await _desk.PostJson("/api/desk/locations/TER/closures", new { whole = true })).AssertProblem(HttpStatusCode.BadRequest, "reason");
        await (await _desk.PostJson("/api/desk/locations/TER/closures", new { bedIds = new[] { "NO-SUCH-BED" }, reason = "Damage" })).AssertProblem(HttpStatusCode.NotFound, "bedIds");
        await (await _desk.PostJson("/api/desk/locations/TER/reserve/activations", new { count = 0 })).AssertProblem(HttpStatusCode.BadRequest, "count");
        await (await _desk.PostJson("/api/desk/locations/TER/lifecycle", new { lifecycle = "Demolished" })).AssertProblem(HttpStatusCode.BadRequest, "lifecycle");
        await (await _desk.PostJson("/api/desk/locations", new { code = "BAD 1", kind = "Emergency", units = Array.Empty<object>() })).AssertProblem(HttpStatusCode.BadRequest, "code");
        await (await _desk.PostJson("/api/desk/locations", new { code = "NEW999", name = "x", kind = "Emergency", municipality = "Atlantis", contractStart = "2024-01-01", units = Array.Empty<object>() }))
            .AssertProblem(HttpStatusCode.BadRequest, "municipality");

        Assert.Equal(before, (await grid.Picture()).Figures());
    }

    public static TheoryData<string, string, string, string> BadDeskBodies => new()
    {
        { "two kinds joined by a comma", "/api/desk/locations", NewLocation("\"kind\":\"Htl, Doorstroom\""), "kind" },
        { "two lifecycles joined by a comma", "/api/desk/locations", NewLocation("\"kind\":\"Azc\",\"lifecycle\":\"Closing, Closed\""), "lifecycle" },
        { "a null unit", "/api/desk/locations", NewLocation("\"kind\":\"Azc\"", units: "[null]"), "units[0]" },
        { "a null room", "/api/desk/locations", NewLocation("\"kind\":\"Azc\"", units: "[{\"unit\":\"U1\",\"rooms\":[null]}]"), "units[0].rooms[0]" },
        { "a code ending in a newline", "/api/desk/locations", NewLocation("\"kind\":\"Azc\"", code: "NEW998\\n"), "code" },
        { "a name with a text-direction override", "/api/desk/locations", NewLocation("\"kind\":\"Azc\"", name: "Locatie \\u202Eevil"), "name" },
        { "a misspelt field", "/api/desk/locations", NewLocation("\"kind\":\"Azc\",\"contractEnds\":\"2030-01-01\""), "contractEnds" },
        { "a code in small letters", "/api/desk/locations", NewLocation("\"kind\":\"Azc\"", code: "new998"), "code" },
        { "a bed count sent as text", "/api/desk/locations", NewLocation("\"kind\":\"Azc\"", units: "[{\"unit\":\"U1\",\"rooms\":[{\"room\":\"R1\",\"group\":\"SingleMen\",\"beds\":\"2\"}]}]"), "units[0].rooms[0].beds" },
        { "unit and room too long for their beds to be named", "/api/desk/locations", NewLocation("\"kind\":\"Azc\"", units: $"[{{\"unit\":\"{new string('U', 40)}\",\"rooms\":[{{\"room\":\"{new string('R', 40)}\",\"group\":\"SingleMen\",\"beds\":1}}]}}]"), "units[0].rooms[0].room" },
        { "a unit given twice", "/api/desk/locations", NewLocation("\"kind\":\"Azc\"", units: "[{\"unit\":\"U1\",\"rooms\":[{\"room\":\"R1\",\"group\":\"SingleMen\",\"beds\":1}]},{\"unit\":\"U1\",\"rooms\":[{\"room\":\"R2\",\"group\":\"SingleMen\",\"beds\":1}]}]"), "units[1].unit" },
        { "rooms whose bed ids clash", "/api/desk/locations", NewLocation("\"kind\":\"Azc\"", units: "[{\"unit\":\"A-B\",\"rooms\":[{\"room\":\"C\",\"group\":\"SingleMen\",\"beds\":1}]},{\"unit\":\"A\",\"rooms\":[{\"room\":\"B-C\",\"group\":\"SingleMen\",\"beds\":1}]}]"), "units[1].rooms[0].room" },
        { "no body at all", "/api/desk/locations/TER/lifecycle", "", "body" },
        { "a lifecycle joined by a comma", "/api/desk/locations/TER/lifecycle", "{\"lifecycle\":\"Opening, Open\"}", "lifecycle" },
        { "a contract end under another name", "/api/desk/locations/TER/contract-end", "{\"end\":\"2031-01-01\"}", "end" },
        { "a contract ending before it started", "/api/desk/locations/TER/contract-end", "{\"contractEnd\":\"1990-01-01\"}", "contractEnd" },
        { "a contract end left out, which is not open-ended", "/api/desk/locations/TER/contract-end", "{}", "contractEnd" },
        { "a reopening expected in the past", "/api/desk/locations/TER/closures", "{\"whole\":true,\"reason\":\"Damage\",\"expectedReopening\":\"2001-01-01\"}", "expectedReopening" },
        { "two closure reasons joined by a comma", "/api/desk/locations/TER/closures", "{\"whole\":true,\"reason\":\"Outbreak, Damage\"}", "reason" },
    };

    [Theory]
    [MemberData(nameof(BadDeskBodies))]
    public async Task A_bad_desk_body_is_refused_naming_the_field_and_changes_nothing(string why, string path, string json, string field)
    {
        var before = (await grid.Picture()).Figures();
        var terApel = await (await _desk.GetAsync("/api/locations/TER")).Content.ReadAsStringAsync();

        var response = await _desk.PostRaw(path, json);

        await response.AssertProblem(HttpStatusCode.BadRequest, field);
        Assert.True(before == (await grid.Picture()).Figures(), why);
        Assert.Equal(terApel, await (await _desk.GetAsync("/api/locations/TER")).Content.ReadAsStringAsync());
        await (await _desk.GetAsync("/api/locations/NEW998")).AssertProblem(HttpStatusCode.NotFound, "code");
    }

    private static string NewLocation(string kindAndMore, string code = "NEW998", string name = "Nieuwe locatie", string units = "[{\"unit\":\"U1\",\"rooms\":[{\"room\":\"R1\",\"group\":\"SingleMen\",\"beds\":2}]}]") =>
        $"{{\"code\":\"{code}\",\"name\":\"{name}\",{kindAndMore},\"municipality\":\"Utrecht\",\"contractStart\":\"2025-01-01\",\"units\":{units}}}";
}
