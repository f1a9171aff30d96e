using System.Net;
using Beddengrid.Frontend.Hub;
using Beddengrid.Grains;
using Beddengrid.Silo.Api;

namespace Beddengrid.Api.Tests;

public sealed class LocationApiTests(GridApiFactory grid) : IClassFixture<GridApiFactory>
{
    private readonly HttpClient _viewer = grid.As(GridApiFactory.ViewerKey);

    [Fact]
    public async Task Locations_are_filtered_by_kind_and_province()
    {
        var list = await (await _viewer.GetAsync("/api/locations?kind=Amv&province=Gelderland")).Read<LocationList>();

        Assert.NotEmpty(list.Locations);
        Assert.All(list.Locations, l => Assert.Equal((LocationKind.Amv, "Gelderland"), (l.Profile.Kind, l.Profile.Province)));
    }

    [Fact]
    public async Task Only_open_locations_with_enough_free_beds_of_the_group_fit_a_household()
    {
        var list = await (await _viewer.GetAsync("/api/locations?size=4&group=Families")).Read<LocationList>();
        var all = await (await _viewer.GetAsync("/api/locations")).Read<LocationList>();

        Assert.NotEmpty(list.Locations);
        Assert.True(list.Locations.Count < all.Locations.Count);
        Assert.All(list.Locations, l => Assert.True(l.AcceptsPlacements && l.Free(BedGroup.Families).Free >= 4));
    }

    [Theory]
    [InlineData("/api/locations?kind=Castle", "kind")]
    [InlineData("/api/locations?kind=Azc,Pol", "kind")]
    [InlineData("/api/locations?kind=2", "kind")]
    [InlineData("/api/locations?size=three", "size")]
    [InlineData("/api/locations?size=21", "size")]
    [InlineData("/api/locations?group=Families", "size")]
    [InlineData("/api/locations?province=Atlantis", "province")]
    public async Task A_bad_filter_is_refused_naming_it(string path, string field)
    {
        await (await _viewer.GetAsync(path)).AssertProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_location_detail_lists_every_bed_by_unit_and_room()
    {
        var detail = await (await _viewer.GetAsync("/api/locations/TER")).Read<LocationDetail>();
        var beds = await (await _viewer.GetAsync("/api/locations/TER/beds")).Read<BedSnapshot[]>();

        Assert.Equal(detail.Summary.Beds.Nominal, detail.Beds.Count);
        Assert.Equal(detail.Beds.Select(b => b.Definition.BedId), beds.Select(b => b.Definition.BedId));
        Assert.Equal(detail.Beds.Count(b => b.Status == BedStatus.Occupied), detail.Summary.Beds.Occupied);
    }

    [Fact]
    public async Task An_unknown_location_is_not_found()
    {
        await (await _viewer.GetAsync("/api/locations/NOWHERE")).AssertProblem(HttpStatusCode.NotFound, "code");
        await (await _viewer.GetAsync("/api/locations/NOWHERE/beds")).AssertProblem(HttpStatusCode.NotFound, "code");
    }

    [Fact]
    public async Task The_national_picture_adds_up_over_provinces_and_kinds_and_carries_the_pressure_signals()
    {
        var picture = await (await _viewer.GetAsync("/api/picture")).Read<GridTotals>();

        Assert.Equal(12, picture.ByProvince.Count);
        Assert.Equal(picture.National.Beds.Nominal, picture.ByProvince.Values.Sum(p => p.Beds.Nominal));
        Assert.Equal(picture.National.Beds.Nominal, picture.ByKind.Values.Sum(k => k.Beds.Nominal));
        Assert.Equal(GridPicture.RegistrationCentreCap, picture.Pressure.RegistrationCentreCap);
        Assert.True(picture.Pressure.RegistrationCentreOccupied > 0);
        Assert.True(picture.Pressure.ContractsEndingWithin365Days >= picture.Pressure.ContractsEndingWithin30Days);
        Assert.True(picture.Version > 0);
    }

    [Fact]
    public async Task A_province_shows_its_share_municipalities_and_locations()
    {
        var province = await (await _viewer.GetAsync("/api/picture/provinces/Groningen")).Read<ProvincePicture>();

        Assert.Equal(province.Totals.Locations, province.Locations.Count);
        Assert.Contains(province.Locations, l => l.Code == GridPicture.RegistrationCentreCode);
        Assert.True(province.Share!.Assigned > 0);
        Assert.NotEmpty(province.Municipalities);
        await (await _viewer.GetAsync("/api/picture/provinces/Atlantis")).AssertProblem(HttpStatusCode.NotFound, "name");
    }

    [Fact]
    public async Task A_kind_shows_its_totals_and_locations()
    {
        var kind = await (await _viewer.GetAsync("/api/picture/kinds/Emergency")).Read<KindPicture>();

        Assert.Equal(LocationKind.Emergency, kind.Kind);
        Assert.Equal(kind.Totals.Locations, kind.Locations.Count);
        await (await _viewer.GetAsync("/api/picture/kinds/Castle")).AssertProblem(HttpStatusCode.BadRequest, "kind");
    }
}
