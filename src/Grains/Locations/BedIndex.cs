namespace Beddengrid.Grains;

/// <summary>
/// A location's exact, in-memory index of its beds: which are free for which group, grouped by unit and room, and the
/// deadlines (hold expiries, reserve activations) that change them. Rebuilt from the beds' stored states on activation.
/// </summary>
internal sealed class BedIndex
{
    private static readonly int GroupCount = Enum.GetValues<BedGroup>().Length;

    private readonly Dictionary<string, BedSnapshot> _beds = [];
    private readonly Dictionary<string, SortedSet<string>>[] _freeByRoom =
        Enumerable.Range(0, GroupCount).Select(_ => new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal)).ToArray();
    private readonly FreeCount[] _free = new FreeCount[GroupCount];
    private readonly HashSet<string> _reserveBeds = [];
    private (int Within1, int Within7, int Within30)? _reserveHorizons;
    private readonly Dictionary<string, List<string>> _holds = [];
    private readonly Dictionary<string, List<string>> _occupants = [];
    private readonly SortedSet<(DateTimeOffset At, string BedId)> _deadlines = [];
    private int _available, _held, _occupied, _closed, _reserve, _permitHolders;
    private long _residentMoves;

    public IEnumerable<BedSnapshot> Beds => _beds.Values;

    public int Count => _beds.Count;

    public BedSnapshot this[string bedId] => _beds[bedId];

    public bool Contains(string bedId) => _beds.ContainsKey(bedId);

    public IReadOnlyList<string> HeldBy(string placementId) => _holds.GetValueOrDefault(placementId) ?? (IReadOnlyList<string>)[];

    public IReadOnlyList<string> OccupiedBy(string caseReference) => _occupants.GetValueOrDefault(caseReference) ?? (IReadOnlyList<string>)[];

    public DateTimeOffset? NextDeadline => _deadlines.Count == 0 ? null : _deadlines.Min.At;

    /// <summary>Beds whose hold expires or whose reserve activation completes at or before <paramref name="now"/>.</summary>
    public IReadOnlyList<BedSnapshot> DueAt(DateTimeOffset now) =>
        _deadlines.TakeWhile(d => d.At <= now).Select(d => _beds[d.BedId]).ToArray();

    public void Set(BedSnapshot bed)
    {
        if (_beds.TryGetValue(bed.Definition.BedId, out var previous))
        {
            Remove(previous);
        }
        _beds[bed.Definition.BedId] = bed;
        Add(bed);
    }

    /// <summary>
    /// Picks free beds of one group for a household: one room if any room fits, else one unit, else anywhere in the
    /// location; at least one bed with each needed feature. Null when the location cannot take the household together.
    /// </summary>
    public IReadOnlyList<string>? Choose(BedGroup group, int size, Needs needs)
    {
        var rooms = _freeByRoom[(int)group];
        if (_free[(int)group].Count < size)
        {
            return null;
        }
        var roomFit = rooms.Values.Where(r => r.Count >= size).OrderBy(r => r.Count)
            .Select(r => Pick(r, size, needs)).FirstOrDefault(p => p is not null);
        if (roomFit is not null)
        {
            return roomFit;
        }
        var unitFit = rooms.GroupBy(r => _beds[r.Value.Min!].Definition.Unit)
            .Select(unit => unit.SelectMany(r => r.Value).ToArray())
            .Where(beds => beds.Length >= size).OrderBy(beds => beds.Length)
            .Select(beds => Pick(beds, size, needs)).FirstOrDefault(p => p is not null);
        return unitFit ?? Pick(rooms.Values.SelectMany(r => r).ToArray(), size, needs);
    }

    public LocationSummary Summarise(LocationProfile profile, Lifecycle lifecycle, long version, DateTimeOffset now)
    {
        var byGroup = new GroupCapacity[GroupCount];
        var restricted = 0;
        for (var group = 0; group < GroupCount; group++)
        {
            var free = _free[group];
            byGroup[group] = free.Count == 0 ? GroupCapacity.None : new GroupCapacity(free.Count, LargestRoom(group), free.Medical, free.Wheelchair, free.MedicalAndWheelchair);
            if (!PlacementPolicy.RestrictionsAllow(profile.Restrictions, (BedGroup)group))
            {
                restricted += free.Count;
            }
        }
        var reserve = _reserveHorizons ?? ReserveHorizons(now);
        return new LocationSummary(
            profile, lifecycle, version,
            new BedCounts(_available, _held, _occupied, _closed, _reserve),
            byGroup, restricted,
            reserve.Within1, reserve.Within7, reserve.Within30,
            _permitHolders, _residentMoves);
    }

    private int LargestRoom(int group)
    {
        var largest = 0;
        foreach (var room in _freeByRoom[group].Values)
        {
            largest = Math.Max(largest, room.Count);
        }
        return largest;
    }

    /// <summary>
    /// Reserve beds that can be in service within 1, 7 and 30 days. Cached until the reserve changes, unless a bed is
    /// being activated, whose remaining lead time shrinks as time passes.
    /// </summary>
    private (int Within1, int Within7, int Within30) ReserveHorizons(DateTimeOffset now)
    {
        int within1 = 0, within7 = 0, within30 = 0;
        var activating = false;
        foreach (var id in _reserveBeds)
        {
            var bed = _beds[id];
            activating |= bed.ActivatesAt is not null;
            var days = bed.ActivatesAt is { } at ? Math.Max(0, (at - now).TotalDays) : bed.Reserve?.LeadTimeDays ?? double.MaxValue;
            within1 += days <= 1 ? 1 : 0;
            within7 += days <= 7 ? 1 : 0;
            within30 += days <= 30 ? 1 : 0;
        }
        var horizons = (within1, within7, within30);
        _reserveHorizons = activating ? null : horizons;
        return horizons;
    }

    /// <summary>
    /// Picks <paramref name="size"/> beds among <paramref name="free"/> so that every needed feature is on at least one
    /// of them. A bed with all of them is taken first when there is one; a household of one has no other way.
    /// </summary>
    private IReadOnlyList<string>? Pick(IReadOnlyCollection<string> free, int size, Needs needs)
    {
        var chosen = new List<string>(size);
        var covering = needs == Needs.None ? null : free.FirstOrDefault(id => _beds[id].Definition.Features.HasFlag(needs));
        if (covering is not null)
        {
            chosen.Add(covering);
        }
        else
        {
            foreach (var feature in new[] { Needs.Medical, Needs.Wheelchair }.Where(f => needs.HasFlag(f)))
            {
                var match = free.FirstOrDefault(id => !chosen.Contains(id) && _beds[id].Definition.Features.HasFlag(feature));
                if (match is null)
                {
                    return null;
                }
                chosen.Add(match);
            }
        }
        chosen.AddRange(free.Where(id => !chosen.Contains(id)).Take(size - chosen.Count));
        return chosen.Count == size ? chosen : null;
    }

    private void Add(BedSnapshot bed) => Apply(bed, +1);

    private void Remove(BedSnapshot bed) => Apply(bed, -1);

    private void Apply(BedSnapshot bed, int sign)
    {
        var id = bed.Definition.BedId;
        switch (bed.Status)
        {
            case BedStatus.Available:
                _available += sign;
                _free[(int)bed.Definition.Group].Add(bed.Definition.Features, sign);
                var rooms = _freeByRoom[(int)bed.Definition.Group];
                var roomKey = bed.Definition.Unit + "/" + bed.Definition.Room;
                if (sign > 0)
                {
                    if (!rooms.TryGetValue(roomKey, out var room))
                    {
                        rooms[roomKey] = room = new SortedSet<string>(StringComparer.Ordinal);
                    }
                    room.Add(id);
                }
                else if (rooms[roomKey].Remove(id) && rooms[roomKey].Count == 0)
                {
                    rooms.Remove(roomKey);
                }
                break;
            case BedStatus.Held:
                _held += sign;
                Track(_holds, bed.Hold!.PlacementId, id, sign);
                Deadline(bed.Hold.ExpiresAt, id, sign);
                break;
            case BedStatus.Occupied:
                _occupied += sign;
                Track(_occupants, bed.Occupant!.CaseReference, id, sign);
                _permitHolders += bed.Occupant.Phase == Phase.PermitHolder ? sign : 0;
                _residentMoves += bed.Occupant.Moves * sign;
                break;
            case BedStatus.Closed:
                _closed += sign;
                break;
            case BedStatus.Reserve:
                _reserve += sign;
                _reserveHorizons = null;
                if (sign > 0)
                {
                    _reserveBeds.Add(id);
                }
                else
                {
                    _reserveBeds.Remove(id);
                }
                if (bed.ActivatesAt is { } at)
                {
                    Deadline(at, id, sign);
                }
                break;
        }
    }

    private void Deadline(DateTimeOffset at, string bedId, int sign)
    {
        if (sign > 0)
        {
            _deadlines.Add((at, bedId));
        }
        else
        {
            _deadlines.Remove((at, bedId));
        }
    }

    private static void Track(Dictionary<string, List<string>> index, string key, string bedId, int sign)
    {
        if (sign > 0)
        {
            if (!index.TryGetValue(key, out var beds))
            {
                index[key] = beds = [];
            }
            beds.Add(bedId);
        }
        else if (index.TryGetValue(key, out var beds) && beds.Remove(bedId) && beds.Count == 0)
        {
            index.Remove(key);
        }
    }

    private struct FreeCount
    {
        public int Count;
        public int Medical;
        public int Wheelchair;
        public int MedicalAndWheelchair;

        public void Add(Needs features, int sign)
        {
            Count += sign;
            Medical += (features & Needs.Medical) != 0 ? sign : 0;
            Wheelchair += (features & Needs.Wheelchair) != 0 ? sign : 0;
            MedicalAndWheelchair += features.HasFlag(Needs.Medical | Needs.Wheelchair) ? sign : 0;
        }
    }
}
