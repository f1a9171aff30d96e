using System.Net;
using Beddengrid.Grains;
using static Beddengrid.Api.Tests.Requests;

namespace Beddengrid.Api.Tests;

public sealed class CaseApiTests(GridApiFactory grid) : IClassFixture<GridApiFactory>
{
    private readonly HttpClient _desk = grid.As(GridApiFactory.DeskKey);

    private async Task<CaseView> Resident(string phase = "ExtendedProcedure")
    {
        var held = await (await _desk.PostJson("/api/placements", Placement(phase: phase))).Read<PlacementView>(HttpStatusCode.Created);
        await (await _desk.PostAsync($"/api/placements/{held.PlacementId}/confirm", null)).Read<PlacementView>();
        return await (await _desk.GetAsync($"/api/cases/{held.CaseReference}")).Read<CaseView>();
    }

    [Fact]
    public async Task A_seeded_resident_case_shows_its_location_beds_and_history()
    {
        var view = await (await _desk.GetAsync("/api/cases/V0000001")).Read<CaseView>();

        Assert.Equal(CaseStatus.Resident, view.Status);
        Assert.NotNull(view.LocationCode);
        Assert.NotEmpty(view.BedIds);
        Assert.NotEmpty(view.History);
    }

    [Fact]
    public async Task The_placement_id_of_a_seeded_arrival_cannot_be_sent_by_a_client()
    {
        var seeded = await (await _desk.GetAsync("/api/cases/V0000001")).Read<CaseView>();
        var arrivalId = seeded.History.Single(e => e.Event == "arrived").PlacementId;

        await (await _desk.PostJson("/api/cases/V0000001/transfer", new { placementId = arrivalId })).AssertProblem(HttpStatusCode.BadRequest, "placementId");
        await (await _desk.PostJson("/api/placements", Placement(placementId: arrivalId))).AssertProblem(HttpStatusCode.BadRequest, "placementId");
    }

    [Fact]
    public async Task A_transfer_holds_beds_elsewhere_while_the_household_keeps_its_own()
    {
        var resident = await Resident();

        var body = new { placementId = Guid.NewGuid().ToString() };
        var transfer = await (await _desk.PostJson($"/api/cases/{resident.CaseReference}/transfer", body)).Read<PlacementView>(HttpStatusCode.Created);
        var retried = await (await _desk.PostJson($"/api/cases/{resident.CaseReference}/transfer", body)).Read<PlacementView>();
        Assert.Equal(transfer.LocationCode, retried.LocationCode);

        Assert.Equal(PlacementStatus.Held, transfer.Status);
        Assert.NotEqual(resident.LocationCode, transfer.LocationCode);
        var still = await (await _desk.GetAsync($"/api/cases/{resident.CaseReference}")).Read<CaseView>();
        Assert.Equal(resident.BedIds, still.BedIds);
    }

    [Fact]
    public async Task A_departure_frees_the_household_beds()
    {
        var resident = await Resident();
        var occupied = (await grid.Picture()).National.Beds.Occupied;

        var departed = await (await _desk.PostJson($"/api/cases/{resident.CaseReference}/depart", new { reason = "Housed" })).Read<CaseView>();

        Assert.Equal(CaseStatus.Departed, departed.Status);
        Assert.Equal(occupied - resident.BedIds.Count, (await grid.Picture()).National.Beds.Occupied);
        await (await _desk.PostJson($"/api/cases/{resident.CaseReference}/depart", new { reason = "Housed" })).AssertProblem(HttpStatusCode.Conflict, "caseReference");
    }

    [Fact]
    public async Task A_phase_change_is_recorded_on_the_case()
    {
        var resident = await Resident();

        var changed = await (await _desk.PostJson($"/api/cases/{resident.CaseReference}/phase", new { phase = "PermitHolder", linkedMunicipality = "Utrecht" })).Read<CaseView>();

        Assert.Equal(Phase.PermitHolder, changed.Phase);
        Assert.Equal("Utrecht", changed.LinkedMunicipality);
    }

    [Fact]
    public async Task Bad_case_requests_name_the_field_and_change_nothing()
    {
        var before = (await grid.Picture()).Figures();

        await (await _desk.GetAsync("/api/cases/V9999999")).AssertProblem(HttpStatusCode.NotFound, "caseReference");
        await (await _desk.GetAsync("/api/cases/jan-jansen")).AssertProblem(HttpStatusCode.BadRequest, "caseReference");
        await (await _desk.PostJson("/api/cases/V0000001/depart", new { reason = "Vanished" })).AssertProblem(HttpStatusCode.BadRequest, "reason");
        await (await _desk.PostJson("/api/cases/V0000001/depart", new { })).AssertProblem(HttpStatusCode.BadRequest, "reason");
        await (await _desk.PostJson("/api/cases/V0000001/transfer", new { })).AssertProblem(HttpStatusCode.BadRequest, "placementId");
        await (await _desk.PostJson("/api/cases/V9999999/transfer", new { placementId = "t-unknown" })).AssertProblem(HttpStatusCode.NotFound, "caseReference");
        await (await _desk.PostJson("/api/cases/V0000001/phase", new { phase = 7 })).AssertProblem(HttpStatusCode.BadRequest, "phase");

        Assert.Equal(before, (await grid.Picture()).Figures());
    }
}
