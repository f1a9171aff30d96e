using System.Net;
using Beddengrid.Grains;
using Microsoft.Extensions.DependencyInjection;
using static Beddengrid.Api.Tests.Requests;

namespace Beddengrid.Api.Tests;

public sealed class PlacementApiTests(GridApiFactory grid) : IClassFixture<GridApiFactory>
{
    private readonly HttpClient _intake = grid.As(GridApiFactory.IntakeKey);

    [Fact]
    public async Task A_fitting_household_gets_held_beds_with_their_location_and_expiry()
    {
        var before = await grid.Picture();
        var response = await _intake.PostJson("/api/placements", Placement(household: [Adult("Female"), Child(), Child()], phase: "ExtendedProcedure"));

        var view = await response.Read<PlacementView>(HttpStatusCode.Created);
        Assert.Equal(PlacementStatus.Held, view.Status);
        Assert.NotNull(view.LocationCode);
        Assert.Equal(3, view.BedIds.Count);
        Assert.InRange(view.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(3.9), DateTimeOffset.UtcNow.AddHours(4.1));
        Assert.Equal($"/api/placements/{view.PlacementId}", response.Headers.Location?.OriginalString);
        Assert.Equal(before.National.Beds.Held + 3, (await grid.Picture()).National.Beds.Held);
    }

    [Fact]
    public async Task A_held_placement_names_a_picture_sequence_that_includes_its_hold()
    {
        var response = await _intake.PostJson("/api/placements", Placement(household: [Adult(), Adult("Female", "Partner")], phase: "ExtendedProcedure"));

        var view = await response.Read<PlacementView>(HttpStatusCode.Created);
        var sequence = long.Parse(Assert.Single(response.Headers.GetValues("X-Picture-Sequence")), System.Globalization.CultureInfo.InvariantCulture);
        var heldAt = grid.Services.GetRequiredService<GridPicture>().Location(view.LocationCode!)!;
        Assert.InRange(heldAt.Version, 1, sequence);
    }

    [Fact]
    public async Task Resending_a_placement_id_returns_the_same_placement_and_places_no_one_twice()
    {
        var request = Placement();
        var first = await (await _intake.PostJson("/api/placements", request)).Read<PlacementView>(HttpStatusCode.Created);
        var held = (await grid.Picture()).National.Beds.Held;

        var again = await (await _intake.PostJson("/api/placements", request)).Read<PlacementView>(HttpStatusCode.OK);

        Assert.Equal(first.BedIds, again.BedIds);
        Assert.Equal(held, (await grid.Picture()).National.Beds.Held);
    }

    [Fact]
    public async Task Of_identical_requests_sent_at_once_exactly_one_is_created_and_the_rest_repeat_it()
    {
        var request = Placement();
        var held = (await grid.Picture()).National.Beds.Held;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _intake.PostJson("/api/placements", request)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var views = await Task.WhenAll(responses.Select(r => r.Read<PlacementView>(r.StatusCode)));
        Assert.Single(views.Select(v => string.Join(",", v.BedIds)).Distinct());
        Assert.Equal(held + views[0].BedIds.Count, (await grid.Picture()).National.Beds.Held);
    }

    [Fact]
    public async Task A_second_placement_for_a_household_is_refused_while_its_first_is_open_and_once_it_lives_somewhere()
    {
        var first = await (await _intake.PostJson("/api/placements", Placement())).Read<PlacementView>(HttpStatusCode.Created);
        var again = new { placementId = Guid.NewGuid().ToString(), caseReference = first.CaseReference, household = new[] { Adult() }, needs = Array.Empty<string>(), phase = "JustRegistered" };

        await (await _intake.PostJson("/api/placements", again)).AssertProblem(HttpStatusCode.Conflict, "caseReference");
        await (await _intake.PostAsync($"/api/placements/{first.PlacementId}/confirm", null)).Read<PlacementView>();
        await (await _intake.PostJson("/api/placements", again)).AssertProblem(HttpStatusCode.Conflict, "caseReference");

        var resident = await (await _intake.GetAsync($"/api/cases/{first.CaseReference}")).Read<CaseView>();
        Assert.Equal((CaseStatus.Resident, first.LocationCode), (resident.Status, resident.LocationCode));
    }

    [Fact]
    public async Task Confirming_a_hold_makes_the_household_a_resident_of_its_beds()
    {
        var request = Placement();
        var held = await (await _intake.PostJson("/api/placements", request)).Read<PlacementView>(HttpStatusCode.Created);

        var confirmed = await (await _intake.PostAsync($"/api/placements/{held.PlacementId}/confirm", null)).Read<PlacementView>();
        var resident = await (await _intake.GetAsync($"/api/cases/{held.CaseReference}")).Read<CaseView>();

        Assert.Equal(PlacementStatus.Confirmed, confirmed.Status);
        Assert.Equal(CaseStatus.Resident, resident.Status);
        Assert.Equal(held.LocationCode, resident.LocationCode);
        Assert.Equal(held.BedIds, resident.BedIds);
    }

    [Fact]
    public async Task Cancelling_a_hold_frees_its_beds_and_a_later_confirm_conflicts()
    {
        var before = (await grid.Picture()).National.Beds.Held;
        var held = await (await _intake.PostJson("/api/placements", Placement())).Read<PlacementView>(HttpStatusCode.Created);

        var cancelled = await (await _intake.PostAsync($"/api/placements/{held.PlacementId}/cancel", null)).Read<PlacementView>();
        var confirm = await _intake.PostAsync($"/api/placements/{held.PlacementId}/confirm", null);

        Assert.Equal(PlacementStatus.Cancelled, cancelled.Status);
        await confirm.AssertProblem(HttpStatusCode.Conflict, "placementId");
        Assert.Equal(before, (await grid.Picture()).National.Beds.Held);
    }

    [Fact]
    public async Task A_household_that_fits_nowhere_waits_with_its_position_and_reason()
    {
        var minors = Enumerable.Range(0, Household.MaxMembers).Select(_ => Child()).ToArray();
        var response = await _intake.PostJson("/api/placements", Placement(household: minors, needs: ["Medical", "Wheelchair"]));

        var view = await response.Read<PlacementView>(HttpStatusCode.Created);
        Assert.Equal(PlacementStatus.Waiting, view.Status);
        Assert.True(view.QueuePosition >= 1);
        Assert.False(string.IsNullOrWhiteSpace(view.WaitingReason));
        var page = await (await _intake.GetAsync($"/api/waiting?offset={view.QueuePosition - 1}&limit=1")).Read<WaitingPage>();
        Assert.True(page.Total >= view.QueuePosition);
        var waiting = Assert.Single(page.Entries);
        Assert.Equal((view.PlacementId, view.QueuePosition, view.WaitingReason), (waiting.PlacementId, waiting.Position, waiting.Reason));
        await (await _intake.GetAsync("/api/waiting?limit=0")).AssertProblem(HttpStatusCode.BadRequest, "limit");
        await (await _intake.GetAsync("/api/waiting?offset=-1")).AssertProblem(HttpStatusCode.BadRequest, "offset");
    }

    [Fact]
    public async Task An_unknown_placement_is_not_found()
    {
        await (await _intake.GetAsync("/api/placements/never-requested")).AssertProblem(HttpStatusCode.NotFound, "placementId");
        await (await _intake.PostAsync("/api/placements/never-requested/confirm", null)).AssertProblem(HttpStatusCode.NotFound, "placementId");
    }

    public static TheoryData<string, string, string> BadPlacements => new()
    {
        { "not JSON at all", "{\"placementId\": \"p\", ", "body" },
        { "household of the wrong type", """{"placementId":"p-1","caseReference":"V0000001","household":"three people","phase":"JustRegistered"}""", "household" },
        { "unknown age band", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Elder","sex":"Male","relation":"Head"}],"phase":"JustRegistered"}""", "household[0].ageBand" },
        { "unknown phase", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"Arrived"}""", "phase" },
        { "phase missing", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}]}""", "phase" },
        { "empty household", """{"placementId":"p-1","caseReference":"V0000001","household":[],"phase":"JustRegistered"}""", "household" },
        { "member without sex", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Adult","relation":"Head"}],"phase":"JustRegistered"}""", "household[0].sex" },
        { "placement id missing", """{"caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"JustRegistered"}""", "placementId" },
        { "a name instead of a case reference", """{"placementId":"p-1","caseReference":"Jan de Vries","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"JustRegistered"}""", "caseReference" },
        { "unknown origin", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"JustRegistered","origin":"XYZ"}""", "origin" },
        { "unknown municipality", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"PermitHolder","linkedMunicipality":"Atlantis"}""", "linkedMunicipality" },
        { "two phases joined by a comma", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"GeneralProcedure, RestAndPreparation"}""", "phase" },
        { "two sexes joined by a comma", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male, Female","relation":"Head"}],"phase":"JustRegistered"}""", "household[0].sex" },
        { "a null member", """{"placementId":"p-1","caseReference":"V0000001","household":[null],"phase":"JustRegistered"}""", "household[0]" },
        { "a placement id ending in a newline", """{"placementId":"p-1\n","caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"JustRegistered"}""", "placementId" },
        { "a misspelt field", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"JustRegistered","need":["Wheelchair"]}""", "need" },
        { "a field given twice", """{"placementId":"p-1","caseReference":"V0000001","caseReference":"V0000002","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"JustRegistered"}""", "caseReference" },
        { "unknown need", """{"placementId":"p-1","caseReference":"V0000001","household":[{"ageBand":"Adult","sex":"Male","relation":"Head"}],"phase":"JustRegistered","needs":["Luxury"]}""", "needs[0]" },
    };

    [Theory]
    [MemberData(nameof(BadPlacements))]
    public async Task A_bad_placement_request_is_refused_naming_the_field_and_changes_nothing(string why, string json, string field)
    {
        var before = (await grid.Picture()).Figures();

        var response = await _intake.PostRaw("/api/placements", json);

        await response.AssertProblem(HttpStatusCode.BadRequest, field);
        Assert.True(before == (await grid.Picture()).Figures(), why);
        await (await _intake.GetAsync("/api/placements/p-1")).AssertProblem(HttpStatusCode.NotFound, "placementId");
    }

    [Fact]
    public async Task A_household_larger_than_the_maximum_is_refused_naming_the_household()
    {
        var before = (await grid.Picture()).Figures();
        var crowd = Enumerable.Range(0, Household.MaxMembers + 1).Select(_ => Adult()).ToArray();

        await (await _intake.PostJson("/api/placements", Placement(household: crowd))).AssertProblem(HttpStatusCode.BadRequest, "household");

        Assert.Equal(before, (await grid.Picture()).Figures());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_before_it_is_read()
    {
        var padding = new string('x', 70 * 1024);
        var response = await _intake.PostRaw("/api/placements", $$"""{"placementId":"p-big","caseReference":"V0000001","padding":"{{padding}}"}""");

        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "body");
    }
}

public sealed class HoldExpiryFactory : GridApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Grid:HoldDuration"] = "00:00:00.300" };
}

public sealed class HoldExpiryApiTests(HoldExpiryFactory grid) : IClassFixture<HoldExpiryFactory>
{
    [Fact]
    public async Task Confirming_after_the_hold_expired_conflicts_and_the_beds_are_free_again()
    {
        var intake = grid.As(GridApiFactory.IntakeKey);
        var before = (await grid.Picture()).National.Beds.Held;
        var held = await (await intake.PostJson("/api/placements", Placement())).Read<PlacementView>(HttpStatusCode.Created);
        await Task.Delay(TimeSpan.FromMilliseconds(600));

        await (await intake.PostAsync($"/api/placements/{held.PlacementId}/confirm", null)).AssertProblem(HttpStatusCode.Conflict, "placementId");

        Assert.Equal(PlacementStatus.Expired, (await (await intake.GetAsync($"/api/placements/{held.PlacementId}")).Read<PlacementView>()).Status);
        Assert.Equal(before, (await grid.Picture()).National.Beds.Held);
    }
}
