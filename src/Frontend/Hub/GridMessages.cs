using Beddengrid.Grains;

namespace Beddengrid.Frontend.Hub;

/// <summary>The figures a dashboard shows, at one version of the picture. Sent whole: a client replaces, never adds.</summary>
public sealed record GridTotals(
    long Version,
    DateTimeOffset AsOf,
    AreaTotals National,
    IReadOnlyDictionary<string, AreaTotals> ByProvince,
    IReadOnlyDictionary<LocationKind, AreaTotals> ByKind,
    PressureSignals Pressure,
    IReadOnlyList<DistributionShare> Provinces)
{
    public static GridTotals From(PictureSnapshot snapshot) => new(
        snapshot.Version, snapshot.AsOf, snapshot.National, snapshot.ByProvince, snapshot.ByKind, snapshot.Pressure, snapshot.Provinces);
}

/// <summary>
/// The picture moved from <see cref="FromVersion"/> to <see cref="Totals"/>' version through <see cref="Changes"/> deltas.
/// A client at a version below <see cref="FromVersion"/> missed an update and asks for a new snapshot.
/// </summary>
public sealed record GridUpdate(long FromVersion, int Changes, GridTotals Totals);

/// <summary>The locations of one province that changed between two versions (all of them when a client starts watching).</summary>
public sealed record ProvinceUpdate(string Province, long FromVersion, long Version, IReadOnlyList<LocationSummary> Locations);

/// <summary>The groups a client joins to drill down.</summary>
public static class GridHubGroups
{
    public static string Province(string province) => $"province:{province}";

    public static string Location(string code) => $"location:{code}";
}
