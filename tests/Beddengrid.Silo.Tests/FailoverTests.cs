using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Beddengrid.Testing;

namespace Beddengrid.Silo.Tests;

/// <summary>Two silos on one Azure Table store (a real Azurite): one active through the lease, one standing by.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FailoverTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Lease = SharedStore.Lease;

    private string[] Cluster(string name) => SharedStore.Arguments(azurite.ConnectionString, name);

    [Fact]
    public async Task When_the_active_silo_is_killed_the_standby_takes_over_with_every_acknowledged_placement_and_the_frontend_follows()
    {
        var store = Cluster($"killed{Guid.NewGuid():N}"[..20]);
        await using var active = SiloProcess.Start(store, LoopbackPort.Free());
        await active.WaitUntil("health/ready", TimeSpan.FromSeconds(180));
        await using var standby = SiloProcess.Start(store, LoopbackPort.Free());
        await standby.WaitUntil("health/live", TimeSpan.FromSeconds(60));
        using var standbyClient = standby.Client(SiloProcess.IntakeKey);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await standbyClient.GetAsync("health/ready")).StatusCode);
        await using var frontend = await StandaloneFrontend.StartAsync([active.Address, standby.Address], SiloProcess.DeskKey, SiloProcess.Users);

        var acknowledged = new ConcurrentDictionary<string, PlacementLoad.Acknowledged>();
        using (var stop = new CancellationTokenSource())
        {
            var load = Enumerable.Range(0, 8).Select(w => Task.Run(() => PlacementLoad.PlaceUntilStopped(active.Client(SiloProcess.IntakeKey), $"fo-{w}", acknowledged, stop.Token))).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(2));
            active.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }
        var killedAt = Stopwatch.StartNew();
        Assert.NotEmpty(acknowledged);

        var duringGap = await standbyClient.PostAsJsonAsync("api/placements", NewPlacement("fo-gap"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, duringGap.StatusCode);
        Assert.True(duringGap.Headers.RetryAfter is not null, "a 503 must say when to retry");

        await standby.WaitUntil("health/ready", Lease + TimeSpan.FromSeconds(10));
        Assert.True(killedAt.Elapsed < Lease + TimeSpan.FromSeconds(10), $"took {killedAt.Elapsed} to take over");
        var retried = await standbyClient.PostAsJsonAsync("api/placements", NewPlacement("fo-gap"));
        Assert.True(retried.IsSuccessStatusCode, $"retry after take-over answered {(int)retried.StatusCode}");

        using var desk = standby.Client(SiloProcess.DeskKey);
        await PlacementLoad.AssertAllPresent(desk, acknowledged);
        await PlacementLoad.AssertBedsAddUp(desk, acknowledged);

        using var throughFrontend = frontend.Client(SiloProcess.DeskKey);
        var followed = Stopwatch.StartNew();
        while (!(await throughFrontend.GetAsync($"api/placements/{acknowledged.Keys.First()}")).IsSuccessStatusCode)
        {
            Assert.True(followed.Elapsed < TimeSpan.FromSeconds(10), "the frontend did not move to the new active silo within 10 s");
            await Task.Delay(200);
        }
        Assert.Equal(
            (await desk.GetFromJsonAsync<JsonObject>("api/picture"))!["national"]!.ToJsonString(),
            (await throughFrontend.GetFromJsonAsync<JsonObject>("api/picture"))!["national"]!.ToJsonString());
    }

    [Fact]
    public async Task A_silo_frozen_past_its_lease_refuses_writes_when_it_wakes_and_no_bed_gets_two_holders()
    {
        var store = Cluster($"frozen{Guid.NewGuid():N}"[..20]);
        await using var active = SiloProcess.Start(store, LoopbackPort.Free());
        await active.WaitUntil("health/ready", TimeSpan.FromSeconds(180));
        await using var standby = SiloProcess.Start(store, LoopbackPort.Free());
        await standby.WaitUntil("health/live", TimeSpan.FromSeconds(60));
        using var activeClient = active.Client(SiloProcess.IntakeKey);
        var before = PlacementLoad.Parse(await (await activeClient.PostAsJsonAsync("api/placements", NewPlacement("fz-before"))).Content.ReadFromJsonAsync<JsonObject>());

        active.Signal("STOP");
        await standby.WaitUntil("health/ready", Lease + TimeSpan.FromSeconds(10));
        using var standbyClient = standby.Client(SiloProcess.IntakeKey);
        var acknowledged = new ConcurrentDictionary<string, PlacementLoad.Acknowledged>();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await PlacementLoad.PlaceUntilStopped(standby.Client(SiloProcess.IntakeKey), "fz-after", acknowledged, stop.Token);
        }
        active.Signal("CONT");

        var woken = await TryPost(activeClient, NewPlacement("fz-woken"));
        Assert.NotEqual(true, woken?.IsSuccessStatusCode);
        Assert.True(await active.WaitForExitAsync(TimeSpan.FromSeconds(20)), "a silo that lost its lease must stop");
        Assert.Equal(2, active.ExitCode);

        using var desk = standby.Client(SiloProcess.DeskKey);
        acknowledged[before.PlacementId] = before;
        await PlacementLoad.AssertBedsAddUp(desk, acknowledged);
    }

    private static async Task<HttpResponseMessage?> TryPost(HttpClient client, object body)
    {
        try
        {
            return await client.PostAsJsonAsync("api/placements", body);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            // No silo answered (the old one is dead, the standby not yet active): nothing was acknowledged.
            return null;
        }
    }

    private static int _nextCase = 4_000_000;

    private static object NewPlacement(string placementId) => new
    {
        placementId,
        caseReference = $"V{Interlocked.Increment(ref _nextCase):D7}",
        household = new[] { new { ageBand = "Adult", sex = "Male", relation = "Head" } },
        needs = Array.Empty<string>(),
        phase = "ExtendedProcedure",
        priority = "Normal",
        origin = "TER",
    };
}
