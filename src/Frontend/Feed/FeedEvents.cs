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

/// <summary>The whole picture at <see cref="Version"/>: the figures, every location's summary and the distribution shares.</summary>
public sealed record FeedSnapshot(
    long Version,
    DateTimeOffset AsOf,
    AreaTotals National,
    IReadOnlyDictionary<string, AreaTotals> ByProvince,
    IReadOnlyDictionary<LocationKind, AreaTotals> ByKind,
    PressureSignals Pressure,
    IReadOnlyList<DistributionShare> Provinces,
    IReadOnlyList<DistributionShare> Municipalities,
    IReadOnlyList<LocationSummary> Locations)
{
    public static FeedSnapshot From(PictureSnapshot snapshot) => new(
        snapshot.Version, snapshot.AsOf, snapshot.National, snapshot.ByProvince, snapshot.ByKind, snapshot.Pressure,
        snapshot.Provinces, snapshot.Municipalities, [.. snapshot.Locations.Values.OrderBy(l => l.Code, StringComparer.Ordinal)]);

    /// <summary>The distribution-law targets the shares were computed against, so a mirror computes the same shares.</summary>
    public DistributionTargets Targets => new(
        Provinces.ToDictionary(p => p.Area, p => p.Assigned, StringComparer.Ordinal),
        Municipalities.ToDictionary(m => m.Area, m => (m.Province ?? "", m.Assigned), StringComparer.Ordinal));
}
