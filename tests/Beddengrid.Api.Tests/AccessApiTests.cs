using System.Net;
using System.Text.Json;
using static Beddengrid.Api.Tests.Requests;

namespace Beddengrid.Api.Tests;

public sealed class AccessApiTests(GridApiFactory grid) : IClassFixture<GridApiFactory>
{
    [Fact]
    public async Task A_call_without_a_key_is_unauthorised_and_says_how_to_authenticate()
    {
        var response = await grid.As(null).GetAsync("/api/picture");

        await response.AssertProblem(HttpStatusCode.Unauthorized, "X-Api-Key");
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_unknown_key_is_unauthorised()
    {
        await (await grid.As("guessed-key").GetAsync("/api/picture")).AssertProblem(HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task A_viewer_reads_but_may_not_place_and_nothing_changes()
    {
        var viewer = grid.As(GridApiFactory.ViewerKey);
        var before = (await grid.Picture()).Figures();

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/locations")).StatusCode);
        await (await viewer.PostJson("/api/placements", Placement())).AssertProblem(HttpStatusCode.Forbidden, "role");

        Assert.Equal(before, (await grid.Picture()).Figures());
    }

    [Fact]
    public async Task Intake_staff_may_not_use_the_desk()
    {
        var response = await grid.As(GridApiFactory.IntakeKey).PostJson("/api/desk/locations/TER/lifecycle", new { lifecycle = "Closing" });

        await response.AssertProblem(HttpStatusCode.Forbidden, "role");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_feature_without_credentials()
    {
        var response = await grid.As(null).GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/placements", "/api/placements/{placementId}/confirm", "/api/cases/{caseReference}/transfer", "/api/locations/{code}",
                     "/api/picture", "/api/desk/locations/{code}/closures", "/api/waiting", "/api/feed" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }
    }

    [Fact]
    public async Task Health_is_live_and_ready_once_the_grid_is_loaded()
    {
        var anonymous = grid.As(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task An_unknown_route_and_a_wrong_method_answer_with_problems()
    {
        var viewer = grid.As(GridApiFactory.ViewerKey);
        await (await viewer.GetAsync("/api/nothing-here")).AssertProblem(HttpStatusCode.NotFound, "path");
        await (await viewer.DeleteAsync("/api/picture")).AssertProblem(HttpStatusCode.MethodNotAllowed, "method");
    }
}

public sealed class TightRateLimitFactory : GridApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimit:PermitsPerSecond"] = "1",
        ["RateLimit:Burst"] = "3",
    };
}

public sealed class RateLimitApiTests(TightRateLimitFactory grid) : IClassFixture<TightRateLimitFactory>
{
    [Fact]
    public async Task A_key_over_its_rate_is_told_to_retry_later()
    {
        var viewer = grid.As(GridApiFactory.ViewerKey);
        HttpResponseMessage response;
        var calls = 0;
        do
        {
            response = await viewer.GetAsync("/api/waiting");
            calls++;
        }
        while (response.StatusCode == HttpStatusCode.OK && calls < 20);

        await response.AssertProblem(HttpStatusCode.TooManyRequests, "rate");
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.InRange(calls, 2, 5);
    }
}
