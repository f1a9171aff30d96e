namespace Beddengrid.Grains;

/// <summary>Bed counts by state. Nominal = available + held + occupied + closed + reserve, always.</summary>
public readonly record struct BedCounts(int Available, int Held, int Occupied, int Closed, int Reserve)
{
    public static readonly BedCounts Zero = default;

    public int Nominal => Available + Held + Occupied + Closed + Reserve;

    public static BedCounts operator +(BedCounts a, BedCounts b) =>
        new(a.Available + b.Available, a.Held + b.Held, a.Occupied + b.Occupied, a.Closed + b.Closed, a.Reserve + b.Reserve);
}

/// <summary>
/// Free capacity of one bed group at a location, enough for the placement policy to rank it. A bed that is both medical
/// and accessible counts in <see cref="FreeMedical"/>, in <see cref="FreeWheelchair"/> and in
/// <see cref="FreeMedicalAndWheelchair"/>: only such a bed serves a person alone who needs both.
/// </summary>
public readonly record struct GroupCapacity(int Free, int LargestFreeRoom, int FreeMedical, int FreeWheelchair, int FreeMedicalAndWheelchair)
{
    public static readonly GroupCapacity None = default;
}

/// <summary>
/// What one location contributes to the national picture, published after every change it makes. Immutable: the
/// picture and the placement policy read it without calling the location.
/// </summary>
public sealed record LocationSummary(
    LocationProfile Profile,
    Lifecycle Lifecycle,
    long Version,
    BedCounts Beds,
    IReadOnlyList<GroupCapacity> FreeByGroup,
    int Restricted,
    int ReserveWithin1Day,
    int ReserveWithin7Days,
    int ReserveWithin30Days,
    int PermitHolders,
    long ResidentMoves)
{
    public string Code => Profile.Code;

    public GroupCapacity Free(BedGroup group) => FreeByGroup[(int)group];

    /// <summary>Nominal minus closed minus places that the location's target-group restrictions make unusable.</summary>
    public int Usable => Beds.Nominal - Beds.Closed - Beds.Reserve - Restricted;

    /// <summary>Free beds someone could be placed in now: none at a location that is not open, whatever its beds' states.</summary>
    public int FreeUsable => AcceptsPlacements ? Math.Max(0, Beds.Available - Restricted) : 0;

    public bool AcceptsPlacements => Lifecycle == Lifecycle.Open;
}
