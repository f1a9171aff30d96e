using System.Diagnostics;
using System.Net;
using Beddengrid.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Beddengrid.Silo.Tests;

public sealed class StandaloneFrontendTests
{
    [Fact]
    public async Task A_call_forwarded_to_a_silo_that_never_answers_gets_a_504_with_retry_after_instead_of_hanging()
    {
        await using var stalledSilo = await FakeSilo(async context => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        await using var frontend = await StandaloneFrontend.StartAsync([new Uri(stalledSilo.Urls.Single())], SiloProcess.DeskKey, [.. SiloProcess.Users, "--Silo:AnswerTimeout", "00:00:01"]);
        using var desk = frontend.Client(SiloProcess.DeskKey);

        var asked = Stopwatch.StartNew();
        var response = await desk.GetAsync("api/picture");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(5), $"the 504 took {asked.Elapsed}");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("api/placements/p1%23/cancel")]
    [InlineData("api/locations%3Fkind=Azc")]
    public async Task A_forwarded_call_reaches_the_silo_with_its_path_still_encoded(string path)
    {
        await using var echoingSilo = await FakeSilo(context => context.Response.WriteAsync(context.Features.Get<IHttpRequestFeature>()!.RawTarget));
        await using var frontend = await StandaloneFrontend.StartAsync([new Uri(echoingSilo.Urls.Single())], SiloProcess.DeskKey, SiloProcess.Users);
        using var desk = frontend.Client(SiloProcess.DeskKey);

        var received = await desk.GetStringAsync(path);

        Assert.Equal("/" + path, received);
    }

    [Fact]
    public async Task A_path_the_frontend_does_not_serve_is_answered_404_with_problem_details_naming_it()
    {
        await using var silo = await FakeSilo(context => Task.CompletedTask);
        await using var frontend = await StandaloneFrontend.StartAsync([new Uri(silo.Urls.Single())], SiloProcess.DeskKey, SiloProcess.Users);
        using var desk = frontend.Client(SiloProcess.DeskKey);

        var response = await desk.GetAsync("no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/no/such/page", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A silo that is ready by its health check and answers every API call with <paramref name="api"/>.</summary>
    private static async Task<WebApplication> FakeSilo(RequestDelegate api)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{LoopbackPort.Free()}");
        var silo = builder.Build();
        silo.MapGet("/health/ready", () => Results.Ok());
        silo.Map("/api/{**path}", api);
        await silo.StartAsync();
        return silo;
    }
}
