using Beddengrid.Frontend.Hub;
using Beddengrid.Grains;

namespace Beddengrid.Frontend.Feed;

/// <summary>
/// The change feed's wire format (<c>GET /api/feed</c>, server-sent events): first a <see cref="Snapshot"/> event with
/// the whole picture and its version, then one <see cref="Delta"/> event per change, in sequence order; after a gap
/// another snapshot. The silo writes it; a standalone frontend reads it to mirror the picture.
/// </summary>
public static class FeedEvents
{
    public const string Snapshot = "snapshot";
    public const string Delta = "delta";
}

/// <summary>
/// The whole picture: the figures a dashboard shows, plus what a mirror needs to rebuild it (the municipalities'
/// distribution shares and every location's summary).
/// </summary>
public sealed record FeedSnapshot(GridTotals Totals, IReadOnlyList<DistributionShare> Municipalities, IReadOnlyList<LocationSummary> Locations)
{
    public long Version => Totals.Version;

    public static FeedSnapshot From(PictureSnapshot snapshot) => new(
        GridTotals.From(snapshot), snapshot.Municipalities, [.. snapshot.Locations.Values.OrderBy(l => l.Code, StringComparer.Ordinal)]);

    /// <summary>The distribution-law targets the shares were computed against, so a mirror computes the same shares.</summary>
    public DistributionTargets Targets => new(
        Totals.Provinces.ToDictionary(p => p.Area, p => p.Assigned, StringComparer.Ordinal),
        Municipalities.ToDictionary(m => m.Area, m => (m.Province ?? "", m.Assigned), StringComparer.Ordinal));
}
