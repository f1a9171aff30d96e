using Beddengrid.Runtime;

namespace Beddengrid.Grains;

public sealed class BedGrain(Auditor auditor, [PersistentState("bed")] IPersistentState<BedState> bed) : Grain, IBedGrain
{
    private BedState State => bed.State;

    public Task<BedSnapshot?> Get() => Task.FromResult(bed.RecordExists ? State.ToSnapshot() : null);

    public Task<BedSnapshot> Define(BedSnapshot initial)
    {
        if (bed.RecordExists)
        {
            throw new GridConflictException("bedId", $"Bed {GetPrimaryKeyString()} already exists.");
        }
        State.Definition = initial.Definition;
        State.Status = initial.Status;
        State.Hold = initial.Hold;
        State.Occupant = initial.Occupant;
        State.Closure = initial.Closure;
        State.Reserve = initial.Reserve;
        State.ActivatesAt = initial.ActivatesAt;
        return Save("defined", initial.Hold?.PlacementId, initial.Occupant?.CaseReference, initial.Status.ToString());
    }

    public Task<BedSnapshot> Hold(Hold hold)
    {
        if (State.Status == BedStatus.Held && State.Hold?.PlacementId == hold.PlacementId)
        {
            return Task.FromResult(State.ToSnapshot());
        }
        Require(BedStatus.Available, "hold");
        State.Status = BedStatus.Held;
        State.Hold = hold;
        return Save("held", hold.PlacementId, hold.CaseReference, $"until {hold.ExpiresAt:O}");
    }

    public Task<BedSnapshot> Release(string placementId)
    {
        if (State.Status != BedStatus.Held || State.Hold!.PlacementId != placementId)
        {
            throw Refused("release", $"it is not held by placement {placementId}");
        }
        var hold = State.Hold;
        State.Status = BedStatus.Available;
        State.Hold = null;
        return Save("released", placementId, hold.CaseReference);
    }

    public Task<BedSnapshot> Occupy(string placementId, Occupancy occupancy)
    {
        if (State.Status == BedStatus.Occupied && State.Occupant?.CaseReference == occupancy.CaseReference)
        {
            return Task.FromResult(State.ToSnapshot());
        }
        if (State.Status != BedStatus.Held || State.Hold!.PlacementId != placementId)
        {
            throw Refused("occupy", $"it is not held by placement {placementId}");
        }
        State.Status = BedStatus.Occupied;
        State.Hold = null;
        State.Occupant = occupancy;
        return Save("occupied", placementId, occupancy.CaseReference);
    }

    public Task<BedSnapshot> Vacate(string caseReference)
    {
        if (State.Status != BedStatus.Occupied || State.Occupant!.CaseReference != caseReference)
        {
            throw Refused("vacate", $"case {caseReference} does not occupy it");
        }
        State.Status = BedStatus.Available;
        State.Occupant = null;
        return Save("vacated", null, caseReference);
    }

    public Task<BedSnapshot> Close(Closure closure)
    {
        if (State.Status != BedStatus.Closed)
        {
            Require(BedStatus.Available, "close");
        }
        State.Status = BedStatus.Closed;
        State.Closure = closure;
        return Save("closed", detail: $"{closure.Reason}, reopening {closure.ExpectedReopening?.ToString("yyyy-MM-dd") ?? "unknown"}");
    }

    public Task<BedSnapshot> Reopen()
    {
        Require(BedStatus.Closed, "reopen");
        State.Status = BedStatus.Available;
        State.Closure = null;
        return Save("reopened");
    }

    public Task<BedSnapshot> ActivateReserve(DateTimeOffset activatesAt)
    {
        Require(BedStatus.Reserve, "activate");
        var now = auditor.Now;
        if (activatesAt <= now)
        {
            State.Status = BedStatus.Available;
            State.Reserve = null;
            State.ActivatesAt = null;
            return Save("reserve activated");
        }
        State.ActivatesAt = activatesAt;
        return Save("reserve activation started", detail: $"in service at {activatesAt:O}");
    }

    public Task<BedSnapshot> ChangeOccupantPhase(string caseReference, Phase phase)
    {
        if (State.Status != BedStatus.Occupied || State.Occupant!.CaseReference != caseReference)
        {
            throw Refused("change the phase of", $"case {caseReference} does not occupy it");
        }
        State.Occupant = State.Occupant with { Phase = phase };
        return Save("occupant phase changed", null, caseReference, phase.ToString());
    }

    private void Require(BedStatus expected, string action)
    {
        if (!bed.RecordExists)
        {
            throw new GridNotFoundException("bedId", $"Bed {GetPrimaryKeyString()} does not exist.");
        }
        if (State.Status != expected)
        {
            throw Refused(action, $"it is {State.Status.ToString().ToLowerInvariant()}, not {expected.ToString().ToLowerInvariant()}");
        }
    }

    private GridConflictException Refused(string action, string why) =>
        new("bedId", $"Cannot {action} bed {GetPrimaryKeyString()}: {why}.");

    private async Task<BedSnapshot> Save(string @event, string? placementId = null, string? caseReference = null, string? detail = null)
    {
        await auditor.Store(bed, "bed", GetPrimaryKeyString(), @event, placementId, caseReference, detail);
        return State.ToSnapshot();
    }
}
