using System.Net.Http.Json;
using System.Text.Json;
using Beddengrid.Frontend;
using Microsoft.Playwright;

namespace Beddengrid.Browser.Tests;

/// <summary>One silo on a real port and one Chromium for all browser tests; each test opens its own pages.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DeskKey = "dev-desk-key";
    public const string IntakeKey = "dev-intake-key";
    public const string ViewerKey = "dev-viewer-key";

    public static readonly JsonSerializerOptions Json = JsonFor();

    private IPlaywright? _playwright;

    public SiloServer Silo { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots of every page, under the test output's artifacts folder.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        Silo.StartServer();
        await SiloServer.WaitUntilReady(Silo.Address, "health/ready");
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A page at <paramref name="origin"/> already signed in with <paramref name="key"/>, in Dutch unless told.</summary>
    public async Task<IPage> OpenAsync(Uri origin, string path, string key = DeskKey, string language = "nl")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = origin.ToString(), ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await context.AddInitScriptAsync($"localStorage.setItem('beddengrid.key', '{key}'); localStorage.setItem('beddengrid.lang', '{language}');");
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(path);
        return page;
    }

    public HttpClient Api(string key, Uri? origin = null)
    {
        var client = new HttpClient { BaseAddress = origin ?? Silo.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static async Task<T> Post<T>(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    public static async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Silo.DisposeAsync();
    }

    private static JsonSerializerOptions JsonFor()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        GridFrontendExtensions.UseGridJson(options);
        return options;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
