using Beddengrid.Testing;
using System.Globalization;
using System.Net;
using Beddengrid.LoadTests.Targets.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Beddengrid.LoadTests.Tests;

/// <summary>
/// A real silo (API, hub) in this process on Kestrel at a free 127.0.0.1 port: memory store, a 5% national grid as of
/// today (the scenarios' default date, so the driver's dataset is the silo's), no rate limit in the way. Ready when
/// the fixture is.
/// </summary>
public sealed class LoopbackSilo : WebApplicationFactory<global::Program>, IAsyncLifetime
{
    public const double Scale = 0.05;

    public LoopbackSilo()
    {
        Port = LoopbackPort.Free();
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public static string AsOf { get; } = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public HttpTargetOptions TargetOptions(int connections = 16) =>
        new(Address, "dev-desk-key", connections, TimeSpan.FromSeconds(30));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Store:Kind", "Memory");
        builder.UseSetting("Seed:Scale", Scale.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Seed:AsOf", AsOf);
        builder.UseSetting("RateLimit:PermitsPerSecond", "1000000");
        builder.UseSetting("RateLimit:Burst", "1000000");
    }

    public async Task InitializeAsync()
    {
        StartServer();
        using var client = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await client.GetAsync("health/ready")).IsSuccessStatusCode)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo at {Address} was not ready within 60 s.");
            }
            await Task.Delay(100);
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

}
