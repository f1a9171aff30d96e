using Beddengrid.Grains;

namespace Beddengrid.LoadTests.Targets.Http;

/// <summary>
/// What the audit reads, over HTTP: the published summaries from <c>GET /api/locations</c>, each location's beds from
/// <c>GET /api/locations/{code}/beds</c> (so the audit compares what the picture publishes with the beds themselves),
/// <c>GET /api/picture</c> and <c>GET /api/placements/{id}</c>.
/// </summary>
internal sealed class HttpGridInspection(GridApiClient api) : IGridInspection
{
    private static readonly TimeSpan SnapshotCatchUp = TimeSpan.FromMilliseconds(60);
    private IReadOnlyDictionary<string, LocationSummary> _published = new Dictionary<string, LocationSummary>();

    public async Task<IReadOnlyList<string>> LocationCodes()
    {
        var list = await Fresh(() => api.Get<LocationListAnswer>("api/locations"), answer => answer.Version);
        _published = list.Locations.ToDictionary(l => l.Code, StringComparer.Ordinal);
        return [.. _published.Keys];
    }

    /// <summary>The summary as <see cref="LocationCodes"/> last read it from the picture, with the beds as they are now.</summary>
    public async Task<LocationDetail> Location(string code)
    {
        if (!_published.TryGetValue(code, out var summary))
        {
            throw new InvalidOperationException($"Location {code} was not in the list read by {nameof(LocationCodes)}; read the list first.");
        }
        var beds = await api.Get<IReadOnlyList<BedSnapshot>>($"api/locations/{Uri.EscapeDataString(code)}/beds");
        return new LocationDetail(summary, beds.Body);
    }

    public Task<PlacementView?> Placement(string placementId) => api.Find<PlacementView>($"api/placements/{Uri.EscapeDataString(placementId)}");

    public async Task<PictureReading> FreshPicture() =>
        (await Fresh(() => api.Get<PictureAnswer>("api/picture"), answer => answer.Version)).Reading;

    public Task WaitUntilQuiet(TimeSpan timeout) =>
        QuietWatch.WaitAsync(async () => (await api.Get<PictureAnswer>("api/picture")).PictureSequence, timeout);

    /// <summary>
    /// Reads until the answer's snapshot version equals the picture's sequence: the silo answers from a snapshot that
    /// may lag the latest change by its rebuild interval, and the audit must see every change.
    /// </summary>
    private static async Task<T> Fresh<T>(Func<Task<ApiAnswer<T>>> read, Func<T, long> versionOf)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await read();
            if (versionOf(answer.Body) >= answer.PictureSequence || attempt == 20)
            {
                return answer.Body;
            }
            await Task.Delay(SnapshotCatchUp);
        }
    }
}
