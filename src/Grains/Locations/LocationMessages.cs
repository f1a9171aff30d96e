namespace Beddengrid.Grains;

/// <summary>A new location with its beds in their initial states.</summary>
public sealed record LocationRegistration(LocationProfile Profile, Lifecycle Lifecycle, IReadOnlyList<BedSnapshot> Beds);

/// <summary>Beds held for one placement, or why this location cannot take the household.</summary>
public sealed record HoldResult(string LocationCode, IReadOnlyList<string> BedIds, DateTimeOffset? ExpiresAt, string? Refusal)
{
    public bool IsHeld => Refusal is null;
}

/// <summary>Which beds a desk action applies to: listed beds, one unit, or (neither given) the whole location.</summary>
public sealed record BedSelection(IReadOnlyList<string>? BedIds = null, string? Unit = null)
{
    public static readonly BedSelection WholeLocation = new();
}

/// <summary>What a desk action changed, and which beds it left alone and why.</summary>
public sealed record DeskResult(int Changed, IReadOnlyDictionary<string, int> Skipped);

public sealed record LocationDetail(LocationSummary Summary, IReadOnlyList<BedSnapshot> Beds);
