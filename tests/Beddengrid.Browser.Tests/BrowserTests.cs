using Beddengrid.Testing;
using Beddengrid.Grains;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Beddengrid.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(BrowserFixture fixture)
{
    private static int _nextCase = 7_000_000;

    private static object Placement(int adults = 1) => new
    {
        placementId = Guid.NewGuid().ToString(),
        caseReference = $"V{Interlocked.Increment(ref _nextCase):D7}",
        household = Enumerable.Range(0, adults).Select(i => new { ageBand = "Adult", sex = "Male", relation = i == 0 ? "Head" : "Partner" }).ToArray(),
        phase = "ExtendedProcedure",
    };

    [Fact]
    public async Task A_placement_made_through_the_API_shows_on_an_open_dashboard_within_a_second()
    {
        await DashboardShowsAPlacementWithinASecond(fixture.Silo.Address, fixture.Silo.Address, "dashboard");
    }

    [Fact]
    public async Task The_standalone_frontend_shows_a_placement_on_the_silo_within_a_second()
    {
        await using var frontend = await StandaloneFrontend.StartAsync([fixture.Silo.Address], BrowserFixture.ViewerKey);
        await DashboardShowsAPlacementWithinASecond(frontend.Address, fixture.Silo.Address, "standalone-dashboard");

        using var forwarded = fixture.Api(BrowserFixture.ViewerKey, frontend.Address);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await forwarded.GetAsync("api/waiting")).StatusCode);
    }

    private async Task DashboardShowsAPlacementWithinASecond(Uri pages, Uri silo, string screenshot)
    {
        var page = await fixture.OpenAsync(pages, "index.html", BrowserFixture.ViewerKey);
        await Pages.WaitUntilLive(page);
        await page.GetByTestId("national-held").WaitForAsync();
        using var intake = fixture.Api(BrowserFixture.IntakeKey, silo);
        // The first change a process passes on also compiles its feed, mirror and hub code (a standalone frontend here
        // started a moment ago): let one through before timing, as a dashboard in service has seen many.
        var warmUp = await Pages.Figure(page, "national-held");
        await BrowserFixture.Post<PlacementView>(intake, "api/placements", Placement(adults: 1));
        await Pages.WaitForFigure(page, "national-held", shown => shown > warmUp, TimeSpan.FromSeconds(15));
        var held = await Pages.Figure(page, "national-held");

        var view = await BrowserFixture.Post<PlacementView>(intake, "api/placements", Placement(adults: 2));
        Assert.Equal(PlacementStatus.Held, view.Status);

        var took = await Pages.WaitForFigure(page, "national-held", shown => shown >= held + 2, TimeSpan.FromSeconds(1));
        Assert.True(took < TimeSpan.FromSeconds(1), $"The dashboard showed the hold after {took.TotalMilliseconds:F0} ms.");
        await page.Locator("#by-province tbody tr").First.ClickAsync();
        await page.Locator("#drill-locations tbody tr").First.WaitForAsync();
        await BrowserFixture.Screenshot(page, screenshot);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Intake_holds_a_bed_counts_down_to_its_expiry_and_confirms_the_arrival()
    {
        var page = await fixture.OpenAsync(fixture.Silo.Address, "intake.html", BrowserFixture.IntakeKey);
        await page.Locator("#case").FillAsync("V0654321");
        await page.Locator("#add-member").ClickAsync();
        await page.Locator("#phase").SelectOptionAsync("ExtendedProcedure");
        await page.Locator("#submit").ClickAsync();

        await Expect(page.GetByTestId("outcome-status")).ToHaveTextAsync("Bed vastgehouden");
        await Expect(page.GetByTestId("outcome-beds")).ToContainTextAsync(",");
        var countdown = page.GetByTestId("countdown");
        await Expect(countdown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^3:59:\d\d$"));
        var first = await countdown.InnerTextAsync();
        await Expect(countdown).Not.ToHaveTextAsync(first, new() { Timeout = 3000 });
        await BrowserFixture.Screenshot(page, "intake-held");

        await page.Locator("#confirm").ClickAsync();
        await Expect(page.GetByTestId("outcome-status")).ToHaveTextAsync("Aankomst bevestigd");
        using var api = fixture.Api(BrowserFixture.ViewerKey);
        var resident = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<CaseView>(api, "api/cases/V0654321", BrowserFixture.Json);
        Assert.Equal((CaseStatus.Resident, 2), (resident!.Status, resident.BedIds.Count));
        await BrowserFixture.Screenshot(page, "intake-confirmed");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_desk_closure_changes_the_dashboard_and_the_location_grid()
    {
        using var api = fixture.Api(BrowserFixture.DeskKey);
        var detail = (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<LocationDetail>(api, "api/locations/AZC010", BrowserFixture.Json))!;
        var unit = detail.Beds.Where(b => b.Status == BedStatus.Available).GroupBy(b => b.Definition.Unit).OrderByDescending(g => g.Count()).First();
        var dashboard = await fixture.OpenAsync(fixture.Silo.Address, "index.html", BrowserFixture.ViewerKey);
        await Pages.WaitUntilLive(dashboard);
        await dashboard.GetByTestId("national-closed").WaitForAsync();
        var closedBefore = await Pages.Figure(dashboard, "national-closed");

        var desk = await fixture.OpenAsync(fixture.Silo.Address, "desk.html?code=AZC010", BrowserFixture.DeskKey);
        await Pages.WaitUntilLive(desk);
        var close = desk.Locator("#close-form");
        await close.Locator("[name=scope]").SelectOptionAsync("unit");
        await close.Locator("[name=target]").FillAsync(unit.Key);
        await close.Locator("[name=reason]").SelectOptionAsync("Outbreak");
        await close.Locator("[name=expectedReopening]").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await close.Locator("button[type=submit]").ClickAsync();
        await Expect(close.Locator(".result.ok")).ToContainTextAsync($"{unit.Count()} gewijzigd");
        await BrowserFixture.Screenshot(desk, "desk");

        await Pages.WaitForFigure(dashboard, "national-closed", shown => shown == closedBefore + unit.Count(), TimeSpan.FromSeconds(2));
        var location = await fixture.OpenAsync(fixture.Silo.Address, "location.html?code=AZC010", BrowserFixture.ViewerKey);
        foreach (var bed in unit)
        {
            await Expect(location.Locator($"[data-bed='{bed.Definition.BedId}']")).ToHaveAttributeAsync("data-status", "Closed");
        }
        await Expect(location.Locator($"[data-bed='{unit.First().Definition.BedId}']")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("Uitbraak"));
        await BrowserFixture.Screenshot(location, "location");
        await dashboard.Context.CloseAsync();
        await desk.Context.CloseAsync();
        await location.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dashboard_recovers_after_its_hub_connection_is_dropped()
    {
        var page = await fixture.OpenAsync(fixture.Silo.Address, "index.html", BrowserFixture.ViewerKey, language: "en");
        await Pages.WaitUntilLive(page);
        await page.GetByTestId("national-held").WaitForAsync();

        Assert.True(fixture.Silo.Connections.AbortAll() >= 1);
        await page.Locator("#connection:not([data-state=live])").WaitForAsync(new() { Timeout = 5000 });
        await Pages.WaitUntilLive(page);

        var held = await Pages.Figure(page, "national-held");
        using var intake = fixture.Api(BrowserFixture.IntakeKey);
        await BrowserFixture.Post<PlacementView>(intake, "api/placements", Placement());
        await Pages.WaitForFigure(page, "national-held", shown => shown >= held + 1, TimeSpan.FromSeconds(2));
        await BrowserFixture.Screenshot(page, "dashboard-english-after-reconnect");
        await page.Context.CloseAsync();
    }
}
