using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Beddengrid.Silo.Tests;

/// <summary>Intake load over the API, and the checks that nothing it was told is lost.</summary>
public static class PlacementLoad
{
    private static int _nextCase = 3_000_000;

    public sealed record Acknowledged(string PlacementId, string CaseReference, string Status, string? Location, string[] Beds);

    /// <summary>Every acknowledged placement is there, in the state it was acknowledged in or a later one.</summary>
    public static async Task AssertAllPresent(HttpClient client, IReadOnlyDictionary<string, Acknowledged> acknowledged)
    {
        foreach (var before in acknowledged.Values)
        {
            var after = Parse(await client.GetFromJsonAsync<JsonObject>($"api/placements/{before.PlacementId}"));
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
    }

    /// <summary>No bed is claimed twice, every acknowledged hold or occupancy is on its beds, and the picture equals the beds.</summary>
    public static async Task AssertBedsAddUp(HttpClient client, IReadOnlyDictionary<string, Acknowledged> acknowledged)
    {
        var beds = await AllBeds(client);
        Assert.All(beds.GroupBy(b => b.Key), g => Assert.Single(g));
        var byKey = beds.ToDictionary(b => b.Key);
        foreach (var placement in acknowledged.Values.Where(a => a.Status is "Held" or "Confirmed"))
        {
            Assert.All(placement.Beds, bed =>
            {
                var state = byKey[$"{placement.Location}/{bed}"];
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

    /// <summary>Requests placements (and confirms every other held one) until stopped, keeping what the silo acknowledged.</summary>
    public static async Task PlaceUntilStopped(HttpClient client, string prefix, ConcurrentDictionary<string, Acknowledged> acknowledged, CancellationToken stop)
    {
        using var _ = client;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var placementId = $"{prefix}-{i}";
            var caseReference = $"V{Interlocked.Increment(ref _nextCase):D7}";
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
                var placed = Parse(await response.Content.ReadFromJsonAsync<JsonObject>(stop));
                acknowledged[placementId] = placed;
                if (placed.Status == "Held" && i % 2 == 0)
                {
                    var confirmed = await client.PostAsync($"api/placements/{placementId}/confirm", null, stop);
                    if (confirmed.IsSuccessStatusCode)
                    {
                        acknowledged[placementId] = Parse(await confirmed.Content.ReadFromJsonAsync<JsonObject>(stop));
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // The silo died mid-request: nothing was acknowledged, so nothing is owed. A connection the kill cut just as
                // it opened surfaces as a bare SocketException, not wrapped by HttpClient.
            }
        }
    }

    public static Acknowledged Parse(JsonObject? placement) => new(
        placement!["placementId"]!.GetValue<string>(), placement["caseReference"]!.GetValue<string>(), placement["status"]!.GetValue<string>(),
        placement["locationCode"]?.GetValue<string>(), placement["bedIds"]!.AsArray().Select(b => b!.GetValue<string>()).ToArray());

    public sealed record BedState(string Key, string Status, string? Holder, string? Occupant);

    public static async Task<List<BedState>> AllBeds(HttpClient client)
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
}
