using System.Runtime.ExceptionServices;
using Beddengrid.Runtime;
using Microsoft.Extensions.Logging;

namespace Beddengrid.Grains;

[KeepAlive]
public sealed class LocationGrain(
    GridPicture picture,
    Auditor auditor,
    IGrainStorage storage,
    ILogger<LocationGrain> logger,
    [PersistentState("location")] IPersistentState<LocationState> location) : Grain, ILocationGrain
{
    private static readonly string BedGrainType = GrainClassName.Of<BedGrain>();

    /// <summary>How long a location waits before it tries its due deadlines again after a try failed.</summary>
    private static readonly TimeSpan RetryDueAfter = TimeSpan.FromSeconds(1);

    private readonly BedIndex _index = new();
    private LocationSummary? _summary;
    private IGrainTimer? _deadlineTimer;
    private DateTimeOffset? _armedFor;
    private bool _expiring;

    private string Code => GetPrimaryKeyString();
    private LocationProfile Profile => location.State.Profile ?? throw new GridNotFoundException("locationCode", $"Location {Code} does not exist.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!location.RecordExists)
        {
            return;
        }
        await foreach (var (_, bed) in storage.ReadPartitionAsync<BedState>("bed", BedGrainType, Code, cancellationToken))
        {
            _index.Set(bed.State.ToSnapshot());
        }
        Changed();
    }

    public async Task<LocationSummary> Register(LocationRegistration registration)
    {
        if (location.RecordExists)
        {
            throw new GridConflictException("code", $"Location {Code} is already registered.");
        }
        if (registration.Profile.Code != Code)
        {
            throw new ArgumentException($"Registration for {registration.Profile.Code} sent to location {Code}.", nameof(registration));
        }
        var duplicate = registration.Beds.GroupBy(b => b.Definition.BedId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new GridConflictException("beds", $"Bed id {duplicate.Key} appears more than once in location {Code}.");
        }
        location.State.Profile = registration.Profile;
        location.State.Lifecycle = registration.Lifecycle;
        await location.WriteStateAsync();
        var beds = await Task.WhenAll(registration.Beds.Select(b => Bed(b.Definition.BedId).Define(b)));
        foreach (var bed in beds)
        {
            _index.Set(bed);
        }
        await GrainFactory.GetGrain<ILocationRegistryGrain>(ILocationRegistryGrain.National).Add(Code);
        await auditor.Record("location", Code, "registered", detail: $"{registration.Profile.Kind}, {beds.Length} beds");
        var summary = Changed();
        // A location opened in a crisis is new capacity for the households already waiting.
        CapacityFreed();
        return summary;
    }

    public Task<LocationSummary> GetSummary()
    {
        _ = Profile;
        return Task.FromResult(_summary!);
    }

    public Task<LocationDetail> GetDetail()
    {
        _ = Profile;
        return Task.FromResult(new LocationDetail(_summary!, [.. _index.Beds.OrderBy(b => b.Definition.Unit).ThenBy(b => b.Definition.Room).ThenBy(b => b.Definition.BedId)]));
    }

    public async Task<HoldResult> TryHold(PlacementRequest request, DateTimeOffset expiresAt)
    {
        _ = Profile;
        var existing = _index.HeldBy(request.PlacementId);
        if (existing.Count > 0)
        {
            return new HoldResult(Code, existing, _index[existing[0]].Hold!.ExpiresAt, null);
        }
        if (PlacementPolicy.Refusal(request, _summary!, Today) is { } refusal)
        {
            return new HoldResult(Code, [], null, refusal);
        }
        var chosen = _index.Choose(request.Household.Group, request.Household.Size, request.Needs);
        if (chosen is null)
        {
            return new HoldResult(Code, [], null, $"Location {Code} has no {request.Household.Size} free {request.Household.Group} beds that meet {request.Needs} together.");
        }
        var hold = new Hold(request.PlacementId, request.CaseReference, expiresAt);
        await Apply(chosen, bed => bed.Hold(hold), undo: (bed, _) => bed.Release(request.PlacementId),
            expected: bed => bed with { Status = BedStatus.Held, Hold = hold });
        return new HoldResult(Code, chosen, expiresAt, null);
    }

    public async Task<IReadOnlyList<string>> Confirm(string placementId, Occupancy occupancy)
    {
        var held = _index.HeldBy(placementId);
        if (held.Count == 0)
        {
            var occupied = _index.OccupiedBy(occupancy.CaseReference);
            return occupied.Count > 0
                ? occupied
                : throw new GridConflictException("placementId", $"Placement {placementId} holds no beds at {Code}: its hold was cancelled or has expired.");
        }
        var hold = _index[held[0]].Hold!;
        if (hold.ExpiresAt <= auditor.Now)
        {
            // Only this hold: running every due deadline here would overlap the timer's next run, or another
            // confirmation's, as they interleave. The placement sees its own deadline passed and settles as expired.
            await Expire(hold, held.ToArray());
            CapacityFreed();
            throw new GridConflictException("placementId", $"The hold of placement {placementId} expired at {hold.ExpiresAt:O}.");
        }
        await Apply(held.ToArray(), bed => bed.Occupy(placementId, occupancy));
        // All the household's beds, also those a confirmation that failed part-way had already occupied.
        return [.. _index.OccupiedBy(occupancy.CaseReference)];
    }

    public async Task ReleaseHold(string placementId)
    {
        var held = _index.HeldBy(placementId).ToArray();
        if (held.Length > 0)
        {
            await Apply(held, bed => bed.Release(placementId));
            CapacityFreed();
        }
    }

    public async Task<IReadOnlyList<string>> Vacate(string caseReference)
    {
        var beds = _index.OccupiedBy(caseReference).ToArray();
        if (beds.Length > 0)
        {
            await Apply(beds, bed => bed.Vacate(caseReference));
            CapacityFreed();
        }
        return beds;
    }

    public async Task ChangeOccupantPhase(string caseReference, Phase phase) =>
        await Apply(_index.OccupiedBy(caseReference).ToArray(), bed => bed.ChangeOccupantPhase(caseReference, phase));

    public async Task<DeskResult> CloseBeds(BedSelection selection, Closure closure)
    {
        var result = await ApplyWhere(selection, b => b.Status is BedStatus.Available or BedStatus.Closed, bed => bed.Close(closure));
        await auditor.Record("location", Code, "beds closed", detail: $"{result.Changed} beds, {closure.Reason}");
        return result;
    }

    public async Task<DeskResult> ReopenBeds(BedSelection selection)
    {
        var result = await ApplyWhere(selection, b => b.Status == BedStatus.Closed, bed => bed.Reopen());
        await auditor.Record("location", Code, "beds reopened", detail: $"{result.Changed} beds");
        CapacityFreed();
        return result;
    }

    public async Task<DeskResult> ActivateReserve(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var now = auditor.Now;
        var chosen = _index.Beds
            .Where(b => b.Status == BedStatus.Reserve && b.ActivatesAt is null)
            .OrderBy(b => b.Reserve?.LeadTimeDays ?? 0).ThenBy(b => b.Definition.BedId, StringComparer.Ordinal)
            .Take(count)
            .ToArray();
        foreach (var group in chosen.GroupBy(b => b.Reserve?.LeadTimeDays ?? 0))
        {
            var activatesAt = now.AddDays(group.Key);
            await Apply(group.Select(b => b.Definition.BedId).ToArray(), bed => bed.ActivateReserve(activatesAt));
        }
        await auditor.Record("location", Code, "reserve activation", detail: $"{chosen.Length} of {count} requested");
        CapacityFreed();
        return new DeskResult(chosen.Length, count > chosen.Length ? new Dictionary<string, int> { ["no reserve left"] = count - chosen.Length } : new Dictionary<string, int>());
    }

    public async Task<LocationSummary> SetLifecycle(Lifecycle lifecycle)
    {
        var current = location.State.Lifecycle;
        _ = Profile;
        if (current == lifecycle)
        {
            return _summary!;
        }
        if (!LifecycleRules.CanMove(current, lifecycle))
        {
            throw new GridConflictException("lifecycle", $"Location {Code} cannot go from {current} to {lifecycle}.");
        }
        if (lifecycle == Lifecycle.Closed && _summary!.Beds is { Occupied: > 0 } or { Held: > 0 })
        {
            throw new GridConflictException("lifecycle", $"Location {Code} still has {_summary.Beds.Occupied} residents and {_summary.Beds.Held} held beds; transfer them before closing it.");
        }
        location.State.Lifecycle = lifecycle;
        await auditor.Store(location, "location", Code, "lifecycle", detail: $"{current} -> {lifecycle}");
        var summary = Changed();
        if (lifecycle == Lifecycle.Open)
        {
            CapacityFreed();
        }
        return summary;
    }

    public async Task<LocationSummary> ChangeContractEnd(DateOnly? contractEnd)
    {
        location.State.Profile = Profile with { ContractEnd = contractEnd };
        await auditor.Store(location, "location", Code, "contract end changed", detail: contractEnd?.ToString("yyyy-MM-dd") ?? "open-ended");
        var summary = Changed();
        // A longer contract can make the location fit households that wait because it ended too soon.
        CapacityFreed();
        return summary;
    }

    private DateOnly Today => DateOnly.FromDateTime(auditor.Now.UtcDateTime);

    private IBedGrain Bed(string bedId) => GrainFactory.GetGrain<IBedGrain>($"{Code}/{bedId}");

    private async Task<DeskResult> ApplyWhere(BedSelection selection, Func<BedSnapshot, bool> applies, Func<IBedGrain, Task<BedSnapshot>> change)
    {
        var selected = Select(selection);
        var chosen = selected.Where(applies).Select(b => b.Definition.BedId).ToArray();
        await Apply(chosen, change);
        var skipped = selected.Where(b => !applies(b))
            .GroupBy(b => b.Status.ToString().ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.Count());
        return new DeskResult(chosen.Length, skipped);
    }

    private IReadOnlyList<BedSnapshot> Select(BedSelection selection)
    {
        _ = Profile;
        if (selection.BedIds is { Count: > 0 } ids)
        {
            var unknown = ids.FirstOrDefault(id => !_index.Contains(id));
            return unknown is null
                ? ids.Distinct().Select(id => _index[id]).ToArray()
                : throw new GridNotFoundException("bedIds", $"Location {Code} has no bed {unknown}.");
        }
        if (selection.Unit is { } unit)
        {
            var inUnit = _index.Beds.Where(b => b.Definition.Unit == unit).ToArray();
            return inUnit.Length > 0 ? inUnit : throw new GridNotFoundException("unit", $"Location {Code} has no unit {unit}.");
        }
        return [.. _index.Beds];
    }

    /// <summary>
    /// Changes beds together. If one refuses or fails, the ones already changed are put back (when <paramref name="undo"/>
    /// is given) so a household is never half held. The index follows what every bed answered, last the undo.
    /// </summary>
    /// <param name="expected">
    /// What each bed will be once changed, put in the index at once so that an interleaving hold does not choose the same
    /// beds while these are stored; a bed that then fails is put back as it was.
    /// </param>
    private async Task Apply(
        IReadOnlyList<string> bedIds,
        Func<IBedGrain, Task<BedSnapshot>> change,
        Func<IBedGrain, BedSnapshot, Task<BedSnapshot>>? undo = null,
        Func<BedSnapshot, BedSnapshot>? expected = null)
    {
        if (bedIds.Count == 0)
        {
            return;
        }
        var before = expected is null ? null : Expect(bedIds, expected);
        var calls = bedIds.Select(id => change(Bed(id))).ToArray();
        var failure = await Settle(calls, before);
        if (failure is null)
        {
            return;
        }
        if (undo is not null)
        {
            await Settle(calls.Where(c => c.IsCompletedSuccessfully).Select(c => undo(Bed(c.Result.Definition.BedId), c.Result)).ToArray(), before: null);
        }
        failure.Throw();
    }

    private BedSnapshot[] Expect(IReadOnlyList<string> bedIds, Func<BedSnapshot, BedSnapshot> expected)
    {
        var before = new BedSnapshot[bedIds.Count];
        for (var i = 0; i < before.Length; i++)
        {
            before[i] = _index[bedIds[i]];
            _index.Set(expected(before[i]));
        }
        // Published at once, so that placements ranking locations meanwhile do not count these beds as free.
        Changed();
        return before;
    }

    /// <summary>
    /// Waits for every bed, puts each answer into the index and returns the first failure, if any. A bed that gave no
    /// answer goes back to what it was <paramref name="before"/> the change, where the index had expected it changed.
    /// </summary>
    private async Task<ExceptionDispatchInfo?> Settle(Task<BedSnapshot>[] calls, BedSnapshot[]? before)
    {
        try
        {
            await Task.WhenAll(calls);
            return null;
        }
        catch (Exception ex)
        {
            return ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            for (var i = 0; i < calls.Length; i++)
            {
                if (calls[i].IsCompletedSuccessfully)
                {
                    _index.Set(calls[i].Result);
                }
                else if (before is not null)
                {
                    _index.Set(before[i]);
                }
            }
            Changed();
        }
    }

    private LocationSummary Changed()
    {
        _summary = picture.Publish(_index.Summarise(Profile, location.State.Lifecycle, 0, auditor.Now));
        ScheduleDeadline();
        return _summary;
    }

    private void ScheduleDeadline()
    {
        // While due deadlines are carried out, each bed's answer changes the index: arming then would set the timer to
        // a deadline that is still due, and the tick it queues at once outlives a retry armed after a failure.
        if (_expiring)
        {
            return;
        }
        var next = _index.NextDeadline;
        if (next == _armedFor)
        {
            return;
        }
        _armedFor = next;
        if (next is null)
        {
            _deadlineTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var due = next.Value - auditor.Now;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        if (_deadlineTimer is null)
        {
            _deadlineTimer = RegisterGrainTimer(_ => ExpireDue(), due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _deadlineTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Releases holds whose deadline has passed and brings activated reserve into service.</summary>
    private async Task ExpireDue()
    {
        _armedFor = null;
        var now = auditor.Now;
        var due = _index.DueAt(now);
        _expiring = true;
        try
        {
            foreach (var placement in due.Where(b => b.Status == BedStatus.Held).GroupBy(b => b.Hold!.PlacementId))
            {
                await Expire(placement.First().Hold!, placement.Select(b => b.Definition.BedId).ToArray());
                await GrainFactory.GetGrain<IPlacementGrain>(placement.Key).OnHoldExpired(Code);
            }
            var activated = due.Where(b => b.Status == BedStatus.Reserve).Select(b => b.Definition.BedId).ToArray();
            await Apply(activated, bed => bed.ActivateReserve(now));
        }
        catch (Exception ex)
        {
            // The deadline is still due, so every change re-arms it at once: with a store that is down, this location
            // would retry in a busy loop. It waits a moment instead, until then keeping changes from re-arming it.
            logger.LogWarning(ex, "Location {Code} could not carry out its due deadlines; it tries again in {Delay}.", Code, RetryDueAfter);
            _armedFor = _index.NextDeadline;
            _deadlineTimer!.Change(RetryDueAfter, Timeout.InfiniteTimeSpan);
            return;
        }
        finally
        {
            _expiring = false;
            if (due.Count > 0)
            {
                CapacityFreed();
            }
        }
        ScheduleDeadline();
    }

    /// <summary>Frees the beds of a hold whose deadline has passed, and records that it expired.</summary>
    private async Task Expire(Hold hold, string[] beds)
    {
        await Apply(beds, bed => bed.Release(hold.PlacementId));
        await auditor.Record("location", Code, "hold expired", hold.PlacementId, hold.CaseReference);
    }

    /// <summary>Tells the waiting queue one way: the queue calls locations, so waiting for it here could close a cycle.</summary>
    private void CapacityFreed()
    {
        if (picture.Waiting.Count > 0)
        {
            GrainFactory.GetGrain<IWaitingQueueGrain>(IWaitingQueueGrain.National).CapacityFreed(Code);
        }
    }
}
