namespace Beddengrid.Frontend.Standalone;

/// <summary>Configuration section "Silo" of a standalone frontend: where the grid runs and the key to read its feed.</summary>
public sealed class SiloOptions
{
    /// <summary>
    /// The silos of one cluster, separated by ';'. Only the one holding the lease is ready; the frontend follows it, and
    /// moves to the standby when that one takes over.
    /// </summary>
    public string Urls { get; set; } = "";

    /// <summary>A key with at least the viewer role; the feed is read with it. Browsers' API calls carry their own keys.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>
    /// How long a forwarded API call waits for the silo to start answering. A stalled silo gets the caller a 504 with
    /// Retry-After, never silence; a healthy one answers in milliseconds, or with its own 503 when overloaded.
    /// </summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<Uri> SiloUrls() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) switch
        {
            [] => throw new InvalidOperationException("Silo:Urls is required for a standalone frontend: the silos' URLs, separated by ';'."),
            var urls => [.. urls.Select(url => new Uri(url.EndsWith('/') ? url : url + "/"))],
        };
}
