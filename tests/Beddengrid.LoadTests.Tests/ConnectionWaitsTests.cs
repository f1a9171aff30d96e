using System.Net;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Beddengrid.LoadTests.Tests;

public class ConnectionWaitsTests
{
    private static readonly TimeSpan AnswerAfter = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Calls_that_find_every_pooled_connection_busy_are_counted_with_how_long_they_waited()
    {
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        await using var server = builder.Build();
        server.MapGet("/slow", async () =>
        {
            await Task.Delay(AnswerAfter);
            return TypedResults.Ok();
        });
        await server.StartAsync();
        using var waits = new ConnectionWaits();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => http.GetAsync("slow")));

        // The listener hears every HttpClient in this process, and other tests may run meanwhile: only lower bounds hold.
        var summary = waits.Summarise();
        Assert.True(summary.Count >= 2, $"the two calls queued behind the first should have waited; {summary.Count} waits recorded");
        Assert.True(summary.Max >= 2 * AnswerAfter * 0.9, $"the last call waits for the two before it; the longest wait was {summary.Max}");
    }
}
