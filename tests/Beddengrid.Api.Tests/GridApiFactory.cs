using System.Net.Http.Json;
using System.Text.Json;
using Beddengrid.Frontend;
using Beddengrid.Frontend.Hub;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Beddengrid.Api.Tests;

/// <summary>The silo in-process on the memory store with a small seeded grid (scale 0.05: ~5,000 beds), ready when returned.</summary>
public class GridApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string IntakeKey = "dev-intake-key";
    public const string DeskKey = "dev-desk-key";
    public const string ViewerKey = "dev-viewer-key";

    public static readonly JsonSerializerOptions Json = JsonFor();

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Store:Kind", "Memory");
        builder.UseSetting("Seed:Scale", "0.05");
        builder.UseSetting("Seed:AsOf", "2024-01-10");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient As(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        return client;
    }

    /// <summary>The national picture as the API shows it, read after the picture's staleness bound (50 ms) so it includes every change made before the call.</summary>
    public async Task<GridTotals> Picture()
    {
        await Task.Delay(PictureStaleness);
        return (await As(ViewerKey).GetFromJsonAsync<GridTotals>("/api/picture", Json))!;
    }

    public static readonly TimeSpan PictureStaleness = TimeSpan.FromMilliseconds(60);

    public async Task InitializeAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync("/health/ready")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "The silo did not become ready within 60 s.");
            await Task.Delay(50);
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static JsonSerializerOptions JsonFor()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        GridFrontendExtensions.UseGridJson(options);
        return options;
    }
}
