using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Beddengrid.Grains;
using Beddengrid.Testing;

namespace Beddengrid.Browser.Tests;

/// <summary>A dashboard on a standalone frontend stays live when the silo behind it fails over.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FailoverDashboardTests(BrowserFixture fixture, AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Lease = SharedStore.Lease;

    [Fact]
    public async Task A_dashboard_on_the_frontend_resumes_after_a_failover_and_shows_the_stores_totals()
    {
        var cluster = $"dash{Guid.NewGuid():N}"[..20];
        string[] silo =
        [
            .. SharedStore.Arguments(azurite.ConnectionString, cluster),
            "--Seed:Scale", "0.03", "--Frontend:Enabled", "false", "--Logging:LogLevel:Default", "Warning",
        ];
        var assembly = DotnetProcess.BuiltAssembly("Silo", "Beddengrid.Silo.dll");
        await using var active = DotnetProcess.Start(assembly, LoopbackPort.Free(), silo);
        await active.WaitUntil("health/ready", TimeSpan.FromSeconds(180));
        await using var standby = DotnetProcess.Start(assembly, LoopbackPort.Free(), silo);
        await standby.WaitUntil("health/live", TimeSpan.FromSeconds(60));
        await using var frontend = await StandaloneFrontend.StartAsync([active.Address, standby.Address], BrowserFixture.ViewerKey);
        var page = await fixture.OpenAsync(frontend.Address, "index.html", BrowserFixture.ViewerKey);
        await Pages.WaitUntilLive(page);
        await page.GetByTestId("national-held").WaitForAsync();

        active.Kill();
        await standby.WaitUntil("health/ready", Lease + TimeSpan.FromSeconds(10));
        using var intake = fixture.Api(BrowserFixture.IntakeKey, standby.Address);
        var placed = await BrowserFixture.Post<PlacementView>(intake, "api/placements", new
        {
            placementId = Guid.NewGuid().ToString(),
            caseReference = "V0765432",
            household = new[] { new { ageBand = "Adult", sex = "Male", relation = "Head" }, new { ageBand = "Adult", sex = "Female", relation = "Partner" } },
            phase = "ExtendedProcedure",
        });
        Assert.Equal(PlacementStatus.Held, placed.Status);
        await Task.Delay(200);
        var store = (await intake.GetFromJsonAsync<JsonObject>("api/picture"))!["national"]!["beds"]!;

        await Pages.WaitForFigure(page, "national-held", shown => shown == store["held"]!.GetValue<int>(), TimeSpan.FromSeconds(15));
        await Pages.WaitForFigure(page, "national-occupied", shown => shown == store["occupied"]!.GetValue<int>(), TimeSpan.FromSeconds(1));
        await Pages.WaitUntilLive(page);
        await BrowserFixture.Screenshot(page, "dashboard-after-failover");
        await page.Context.CloseAsync();
    }
}
