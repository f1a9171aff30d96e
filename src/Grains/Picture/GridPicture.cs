using System.Diagnostics;

namespace Beddengrid.Grains;

/// <summary>
/// The national picture. Locations publish their summaries here after every change; each publication takes the next
/// sequence number as its version. Snapshots are rebuilt from the latest summaries at most every
/// <see cref="MaxStaleness"/>, so a query is a read of an immutable object however many placements are running.
/// </summary>
public sealed class GridPicture(TimeProvider clock)
{
    public const string RegistrationCentreCode = "TER";
    public const int RegistrationCentreCap = 2000;
    private const double TerApelLatitude = 52.876;
    private const double TerApelLongitude = 7.071;

    private readonly object _publishLock = new();
    private readonly object _buildLock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _slots = new(StringComparer.Ordinal);
    private LocationSummary[] _locations = [];
    private WaitingStats _waiting = WaitingStats.None;
    private long _waitingVersion;
    private IReadOnlyDictionary<HardCriteria, WaitingEntry> _waitingHeads = new Dictionary<HardCriteria, WaitingEntry>();
    private DistributionTargets _targets = DistributionTargets.None;
    private long _sequence;
    private PictureSnapshot? _snapshot;
    private long _builtAtTimestamp;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _changedAwaited;

    public TimeSpan MaxStaleness { get; init; } = TimeSpan.FromMilliseconds(50);

    public long Sequence => Volatile.Read(ref _sequence);

    /// <summary>The latest summary of every location, for the placement policy.</summary>
    public IReadOnlyList<LocationSummary> Locations => Volatile.Read(ref _locations);

    /// <summary>A location's latest summary, without taking the publishing lock: slots never move once assigned.</summary>
    public LocationSummary? Location(string code) =>
        _slots.TryGetValue(code, out var slot) ? Volatile.Read(ref _locations)[slot] : null;

    public WaitingStats Waiting => Volatile.Read(ref _waiting);

    /// <summary>The policy's view from an intake location, for a household linked to a municipality or not.</summary>
    public PolicyContext PolicyContextFor(string origin, string? linkedMunicipality)
    {
        var snapshot = Snapshot;
        var from = Location(origin)?.Profile;
        return new PolicyContext(
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            from?.Latitude ?? TerApelLatitude,
            from?.Longitude ?? TerApelLongitude,
            linkedMunicipality is null ? null : snapshot.ProvinceOfMunicipality.GetValueOrDefault(linkedMunicipality),
            snapshot.ProvinceShortfall);
    }

    public void SetTargets(DistributionTargets targets)
    {
        _targets = targets;
        Volatile.Write(ref _snapshot, null);
    }

    /// <summary>Records a location's new summary; the picture stamps it with the delta's sequence number as its version.</summary>
    public LocationSummary Publish(LocationSummary summary)
    {
        lock (_publishLock)
        {
            var stamped = summary with { Version = _sequence + 1 };
            if (_slots.TryGetValue(summary.Code, out var slot))
            {
                _locations[slot] = stamped;
            }
            else
            {
                Volatile.Write(ref _locations, [.. _locations, stamped]);
                _slots[summary.Code] = _locations.Length - 1;
            }
            Advance(stamped.Version);
            return stamped;
        }
    }

    /// <summary>The first household in queue order of each set of hard criteria that households wait with.</summary>
    public void PublishWaitingHeads(IReadOnlyDictionary<HardCriteria, WaitingEntry> heads) => Volatile.Write(ref _waitingHeads, heads);

    /// <summary>
    /// Why households with the hard criteria of <paramref name="request"/> wait at its priority or a higher one, or null
    /// when none do. They fit exactly the locations it fits, so it waits behind them for the same reason: a bed free for
    /// it freed for them first.
    /// </summary>
    public string? WhyWaitingAhead(PlacementRequest request, DateOnly today)
    {
        var heads = Volatile.Read(ref _waitingHeads);
        if (heads.Count == 0)
        {
            return null;
        }
        var criteria = HardCriteria.Of(request, today);
        foreach (var (bucket, head) in heads)
        {
            if (head.Priority >= request.EffectivePriority && bucket.On(today) == criteria)
            {
                return head.Reason;
            }
        }
        return null;
    }

    public void PublishWaiting(WaitingStats waiting)
    {
        lock (_publishLock)
        {
            Volatile.Write(ref _waiting, waiting);
            _waitingVersion = _sequence + 1;
            Advance(_waitingVersion);
        }
    }

    /// <summary>
    /// What changed after <paramref name="sequence"/>, in sequence order: the latest summary of each location published
    /// since, and the waiting stats if they changed. Changes a later one superseded are not repeated, so the answer is
    /// complete however far behind a reader is, and nothing but the latest summaries is kept: under peak intake a
    /// window of past deltas held every summary long enough to survive garbage collections, which made every pause longer.
    /// </summary>
    public IReadOnlyList<PictureDelta> DeltasAfter(long sequence)
    {
        lock (_publishLock)
        {
            if (sequence >= _sequence)
            {
                return [];
            }
            var deltas = new List<PictureDelta>();
            foreach (var location in _locations)
            {
                if (location.Version > sequence)
                {
                    deltas.Add(new PictureDelta(location.Version, location, null));
                }
            }
            if (_waitingVersion > sequence)
            {
                deltas.Add(new PictureDelta(_waitingVersion, null, _waiting));
            }
            deltas.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            return deltas;
        }
    }

    /// <summary>Completes when a delta after <paramref name="sequence"/> exists.</summary>
    public Task WhenChangedAfter(long sequence, CancellationToken cancellationToken)
    {
        lock (_publishLock)
        {
            if (sequence < _sequence)
            {
                return Task.CompletedTask;
            }
            _changedAwaited = true;
            return _changed.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The current snapshot, at most <see cref="MaxStaleness"/> behind the latest delta.</summary>
    public PictureSnapshot Snapshot => Current(MaxStaleness);

    /// <summary>A snapshot that includes every delta published so far.</summary>
    public PictureSnapshot FreshSnapshot() => Current(TimeSpan.Zero);

    private PictureSnapshot Current(TimeSpan maxStaleness)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (IsFresh(snapshot, maxStaleness))
        {
            return snapshot!;
        }
        lock (_buildLock)
        {
            // Whoever waited here while another thread rebuilt takes that snapshot rather than building once more.
            snapshot = Volatile.Read(ref _snapshot);
            if (IsFresh(snapshot, maxStaleness))
            {
                return snapshot!;
            }
            snapshot = Build();
            Volatile.Write(ref _builtAtTimestamp, Stopwatch.GetTimestamp());
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
    }

    private bool IsFresh(PictureSnapshot? snapshot, TimeSpan maxStaleness) =>
        snapshot is not null && (snapshot.Version == Sequence || Stopwatch.GetElapsedTime(Volatile.Read(ref _builtAtTimestamp)) < maxStaleness);

    private void Advance(long sequence)
    {
        _sequence = sequence;
        if (_changedAwaited)
        {
            _changedAwaited = false;
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.SetResult();
        }
    }

    private PictureSnapshot Build()
    {
        LocationSummary[] locations;
        long version;
        WaitingStats waiting;
        lock (_publishLock)
        {
            locations = [.. _locations];
            version = _sequence;
            waiting = _waiting;
        }
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var national = AreaTotals.Zero;
        var byProvince = new Dictionary<string, AreaTotals>(StringComparer.Ordinal);
        var byKind = new Dictionary<LocationKind, AreaTotals>();
        var byMunicipality = new Dictionary<string, int>(StringComparer.Ordinal);
        int ending30 = 0, ending90 = 0, ending365 = 0, reserve1 = 0, reserve7 = 0, reserve30 = 0, belowStandard = 0, registrationCentre = 0;
        long moves = 0;
        foreach (var location in locations)
        {
            var profile = location.Profile;
            national = national.Add(location);
            byProvince[profile.Province] = byProvince.GetValueOrDefault(profile.Province, AreaTotals.Zero).Add(location);
            byKind[profile.Kind] = byKind.GetValueOrDefault(profile.Kind, AreaTotals.Zero).Add(location);
            var inService = location.Beds.Nominal - location.Beds.Reserve;
            byMunicipality[profile.Municipality] = byMunicipality.GetValueOrDefault(profile.Municipality) + inService;
            if (profile.ContractEnd is { } end && location.Lifecycle != Lifecycle.Closed)
            {
                var days = end.DayNumber - today.DayNumber;
                ending30 += days <= 30 ? location.Beds.Nominal : 0;
                ending90 += days <= 90 ? location.Beds.Nominal : 0;
                ending365 += days <= 365 ? location.Beds.Nominal : 0;
            }
            reserve1 += location.ReserveWithin1Day;
            reserve7 += location.ReserveWithin7Days;
            reserve30 += location.ReserveWithin30Days;
            belowStandard += profile.Quality == LocationQuality.BelowStandard ? location.Beds.Occupied : 0;
            moves += location.ResidentMoves;
            if (profile.Code == RegistrationCentreCode)
            {
                registrationCentre = location.Beds.Occupied + location.Beds.Held;
            }
        }
        var occupied = national.Beds.Occupied;
        var pressure = new PressureSignals(
            registrationCentre, RegistrationCentreCap, waiting,
            ending30, ending90, ending365, reserve1, reserve7, reserve30,
            national.PermitHolders,
            occupied == 0 ? 0 : moves / (double)occupied,
            occupied == 0 ? 0 : belowStandard / (double)occupied);
        var provinces = _targets.ByProvince
            .Select(t => new DistributionShare(t.Key, t.Key, t.Value, byProvince.TryGetValue(t.Key, out var p) ? p.Beds.Nominal - p.Beds.Reserve : 0))
            .OrderBy(s => s.Area, StringComparer.Ordinal).ToArray();
        var municipalities = _targets.ByMunicipality
            .Select(t => new DistributionShare(t.Key, t.Value.Province, t.Value.Assigned, byMunicipality.GetValueOrDefault(t.Key)))
            .OrderBy(s => s.Province, StringComparer.Ordinal).ThenBy(s => s.Area, StringComparer.Ordinal).ToArray();
        return new PictureSnapshot(
            version, now, national, byProvince, byKind, pressure, provinces, municipalities,
            locations.ToDictionary(l => l.Code, StringComparer.Ordinal));
    }
}
