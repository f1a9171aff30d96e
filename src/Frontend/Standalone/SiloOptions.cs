namespace Beddengrid.Frontend.Standalone;

/// <summary>Configuration section "Silo" of a standalone frontend: where the grid runs and the key to read its feed.</summary>
public sealed class SiloOptions
{
    public Uri? Url { get; set; }

    /// <summary>A key with at least the viewer role; the feed is read with it. Browsers' API calls carry their own keys.</summary>
    public string ApiKey { get; set; } = "";
}
