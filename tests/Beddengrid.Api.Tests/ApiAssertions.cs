using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beddengrid.Grains;
using Beddengrid.Frontend.Hub;

namespace Beddengrid.Api.Tests;

public static class ApiAssertions
{
    /// <summary>The answer is a problem with <paramref name="status"/> whose errors name <paramref name="field"/>.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var reasons), $"The problem does not name '{field}': {body}");
        Assert.All(reasons.EnumerateArray(), reason => Assert.False(string.IsNullOrWhiteSpace(reason.GetString())));
        Assert.NotEqual(0, reasons.GetArrayLength());
        return problem;
    }

    public static async Task<T> Read<T>(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, GridApiFactory.Json)!;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body, GridApiFactory.Json);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Bed counts and waiting figures: a bad request must leave every one of them as it was.</summary>
    public static (BedCounts Beds, int Waiting, int Locations) Figures(this GridTotals totals) =>
        (totals.National.Beds, totals.Pressure.Waiting.Count, totals.National.Locations);
}
