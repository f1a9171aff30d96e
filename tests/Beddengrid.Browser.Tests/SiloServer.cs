using Beddengrid.Testing;
using System.Net;
using Beddengrid.Frontend.Hub;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beddengrid.Browser.Tests;

/// <summary>The whole product (silo with its frontend) on a real Kestrel port of 127.0.0.1, memory store, small seeded grid.</summary>
public sealed class SiloServer : WebApplicationFactory<Program>
{
    public SiloServer()
    {
        Port = LoopbackPort.Free();
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public GridConnections Connections => Services.GetRequiredService<GridConnections>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Store:Kind", "Memory");
        builder.UseSetting("Seed:Scale", "0.1");
        builder.UseSetting("Seed:AsOf", "2024-01-10");
    }

    public static async Task WaitUntilReady(Uri address, string path)
    {
        using var client = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await client.GetAsync(path)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{address}{path} did not answer 200 within 60 s.");
            }
            await Task.Delay(100);
        }
    }
}
