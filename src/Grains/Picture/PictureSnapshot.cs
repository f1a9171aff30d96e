using System.Collections.Frozen;

namespace Beddengrid.Grains;

/// <summary>Totals for an area (the country, a province, a kind of location).</summary>
public sealed record AreaTotals(int Locations, BedCounts Beds, int Usable, int FreeUsable, int PermitHolders)
{
    public static readonly AreaTotals Zero = new(0, BedCounts.Zero, 0, 0, 0);

    public AreaTotals Add(LocationSummary location) =>
        new(Locations + 1, Beds + location.Beds, Usable + location.Usable, FreeUsable + location.FreeUsable, PermitHolders + location.PermitHolders);
}

/// <summary>The distribution law's share for a province or municipality: places realised against places assigned.</summary>
public sealed record DistributionShare(string Area, string? Province, int Assigned, int Realised)
{
    public double Shortfall => Assigned <= 0 ? 0 : Math.Max(0, Assigned - Realised) / (double)Assigned;
}

public sealed record WaitingStats(int Count, int HighPriority, DateTimeOffset? OldestSince)
{
    public static readonly WaitingStats None = new(0, 0, null);
}

/// <summary>The signals the placement desk watches (DOMAIN.md, "Pressure signals").</summary>
public sealed record PressureSignals(
    int RegistrationCentreOccupied,
    int RegistrationCentreCap,
    WaitingStats Waiting,
    int ContractsEndingWithin30Days,
    int ContractsEndingWithin90Days,
    int ContractsEndingWithin365Days,
    int ReserveWithin1Day,
    int ReserveWithin7Days,
    int ReserveWithin30Days,
    int PermitHoldersInReception,
    double MovesPerResident,
    double BelowStandardShare);

/// <summary>
/// An immutable, versioned picture of the whole grid. Queries read one of these and never call a grain; the version is
/// the sequence number of the last delta it includes.
/// </summary>
public sealed record PictureSnapshot(
    long Version,
    DateTimeOffset AsOf,
    AreaTotals National,
    IReadOnlyDictionary<string, AreaTotals> ByProvince,
    IReadOnlyDictionary<LocationKind, AreaTotals> ByKind,
    PressureSignals Pressure,
    IReadOnlyList<DistributionShare> Provinces,
    IReadOnlyList<DistributionShare> Municipalities,
    IReadOnlyDictionary<string, LocationSummary> Locations)
{
    /// <summary>How far each province is below its assigned share (0 = met), for the placement policy.</summary>
    /// <remarks>Frozen: the policy looks a province up for every fitting location of every request.</remarks>
    public IReadOnlyDictionary<string, double> ProvinceShortfall { get; } = Provinces.ToFrozenDictionary(p => p.Area, p => p.Shortfall, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> ProvinceOfMunicipality { get; } =
        Municipalities.Where(m => m.Province is not null).ToDictionary(m => m.Area, m => m.Province!, StringComparer.Ordinal);
}

/// <summary>One change to the picture: a location's new summary, or new waiting-queue figures.</summary>
public sealed record PictureDelta(long Sequence, LocationSummary? Location, WaitingStats? Waiting);
