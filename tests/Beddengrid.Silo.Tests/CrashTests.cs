using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Beddengrid.Silo.Tests;

/// <summary>The product must never lose a placement it has acknowledged, even when the process dies mid-load.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("beddengrid-crash-").FullName;

    private sealed record Acknowledged(string PlacementId, string CaseReference, string Status, string? Location, string[] Beds);

    [Fact]
    public async Task Every_placement_acknowledged_before_a_SIGKILL_is_present_after_restart_and_the_grid_adds_up()
    {
        var port = SiloProcess.FreePort();
        var acknowledged = new ConcurrentDictionary<string, Acknowledged>();
        await using (var silo = await SiloProcess.StartAsync(_dataFolder, port, TimeSpan.FromSeconds(120)))
        {
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 16).Select(worker => Task.Run(() => PlaceUntilStopped(silo, worker, acknowledged, stop.Token))).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(3));

            silo.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }
        Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} placements were acknowledged before the kill");
        Assert.Contains(acknowledged.Values, a => a.Status == "Confirmed");

        await using var restarted = await SiloProcess.StartAsync(_dataFolder, port, TimeSpan.FromSeconds(120));
        using var client = restarted.Client(SiloProcess.DeskKey);

        foreach (var before in acknowledged.Values)
        {
            var after = Parse(await client.GetFromJsonAsync<JsonObject>($"api/placements/{before.PlacementId}"), before.CaseReference);
            switch (before.Status)
            {
                case "Confirmed":
                    Assert.Equal((before.Status, before.Location), (after.Status, after.Location));
                    Assert.Equal(before.Beds, after.Beds);
                    break;
                case "Held":
                    Assert.Contains(after.Status, new[] { "Held", "Confirmed" });
                    Assert.Equal(before.Location, after.Location);
                    Assert.Equal(before.Beds, after.Beds);
                    break;
                default:
                    Assert.Contains(after.Status, new[] { "Waiting", "Held" });
                    break;
            }
        }

        var beds = await AllBeds(client);
        Assert.All(beds.GroupBy(b => b.Key), g => Assert.Single(g));
        foreach (var placement in acknowledged.Values.Where(a => a.Status is "Held" or "Confirmed"))
        {
            Assert.All(placement.Beds, bed =>
            {
                var state = beds.Single(b => b.Key == $"{placement.Location}/{bed}");
                Assert.True(state.Holder == placement.PlacementId || state.Occupant == placement.CaseReference,
                    $"bed {state.Key} is {state.Status}, not held or occupied by placement {placement.PlacementId}");
            });
        }
        await Task.Delay(200);
        var national = (await client.GetFromJsonAsync<JsonObject>("api/picture"))!["national"]!["beds"]!;
        foreach (var status in new[] { "Available", "Held", "Occupied", "Closed", "Reserve" })
        {
            Assert.Equal(beds.Count(b => b.Status == status), national[char.ToLowerInvariant(status[0]) + status[1..]]!.GetValue<int>());
        }
    }

    private static async Task PlaceUntilStopped(SiloProcess silo, int worker, ConcurrentDictionary<string, Acknowledged> acknowledged, CancellationToken stop)
    {
        using var client = silo.Client(SiloProcess.IntakeKey);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var placementId = $"crash-{worker}-{i}";
            var caseReference = $"V{worker + 1:D2}{i:D5}";
            try
            {
                var household = i % 4 == 0
                    ? new object[] { new { ageBand = "Adult", sex = "Female", relation = "Head" }, new { ageBand = "Child", sex = "Male", relation = "Child" } }
                    : [new { ageBand = "Adult", sex = "Male", relation = "Head" }];
                var response = await client.PostAsJsonAsync("api/placements", new
                {
                    placementId, caseReference, household, needs = Array.Empty<string>(),
                    phase = "ExtendedProcedure", priority = "Normal", origin = "TER",
                }, stop);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }
                var placed = Parse(await response.Content.ReadFromJsonAsync<JsonObject>(stop), caseReference);
                acknowledged[placementId] = placed;
                if (placed.Status == "Held" && i % 2 == 0)
                {
                    var confirmed = await client.PostAsync($"api/placements/{placementId}/confirm", null, stop);
                    if (confirmed.IsSuccessStatusCode)
                    {
                        acknowledged[placementId] = Parse(await confirmed.Content.ReadFromJsonAsync<JsonObject>(stop), caseReference);
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or TaskCanceledException)
            {
                // The silo died mid-request: nothing was acknowledged, so nothing is owed.
            }
        }
    }

    private static Acknowledged Parse(JsonObject? placement, string caseReference) => new(
        placement!["placementId"]!.GetValue<string>(), caseReference, placement["status"]!.GetValue<string>(),
        placement["locationCode"]?.GetValue<string>(), placement["bedIds"]!.AsArray().Select(b => b!.GetValue<string>()).ToArray());

    private sealed record BedState(string Key, string Status, string? Holder, string? Occupant);

    private static async Task<List<BedState>> AllBeds(HttpClient client)
    {
        var list = await client.GetFromJsonAsync<JsonObject>("api/locations");
        var beds = new List<BedState>();
        foreach (var location in list!["locations"]!.AsArray())
        {
            var code = location!["profile"]!["code"]!.GetValue<string>();
            var response = await client.GetFromJsonAsync<JsonArray>($"api/locations/{Uri.EscapeDataString(code)}/beds");
            beds.AddRange(response!.Select(b => new BedState(
                $"{code}/{b!["definition"]!["bedId"]!.GetValue<string>()}", b["status"]!.GetValue<string>(),
                b["hold"]?["placementId"]?.GetValue<string>(), b["occupant"]?["caseReference"]?.GetValue<string>())));
        }
        return beds;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
