using Beddengrid.Runtime;

namespace Beddengrid.Grains;

[GrainStateJson(typeof(GridStateJsonContext))]
public sealed class CaseState
{
    public CaseStatus Status { get; set; }
    public Household? Household { get; set; }
    public Needs Needs { get; set; }
    public Phase Phase { get; set; }
    public string? LinkedMunicipality { get; set; }
    public string? LocationCode { get; set; }
    public IReadOnlyList<string> BedIds { get; set; } = [];
    public int Moves { get; set; }
    public List<CaseEvent> History { get; set; } = [];

    /// <summary>The placement asked for this household that has not arrived yet; it may have been cancelled or have expired since.</summary>
    public string? OpenPlacementId { get; set; }
}

public sealed class CaseGrain(Auditor auditor, [PersistentState("case")] IPersistentState<CaseState> @case) : Grain, ICaseGrain
{
    private CaseState State => @case.State;
    private string Reference => GetPrimaryKeyString();

    public Task<CaseView?> Get() => Task.FromResult(@case.RecordExists ? ToView() : null);

    public async Task<CaseView> RecordArrival(Arrival arrival)
    {
        if (State.History.Any(e => e.PlacementId == arrival.PlacementId && e.Event == "arrived"))
        {
            return ToView();
        }
        var origin = State.Status == CaseStatus.Resident ? State.LocationCode : null;
        if (origin is not null && origin != arrival.LocationCode)
        {
            await GrainFactory.GetGrain<ILocationGrain>(origin).Vacate(Reference);
        }
        State.Status = CaseStatus.Resident;
        TakeHousehold(arrival.Request);
        State.LocationCode = arrival.LocationCode;
        State.BedIds = arrival.BedIds;
        State.Moves = arrival.Moves;
        if (State.OpenPlacementId == arrival.PlacementId)
        {
            State.OpenPlacementId = null;
        }
        return await Save("arrived", arrival.LocationCode, arrival.PlacementId);
    }

    /// <remarks>
    /// Claims are written without an audit entry of their own: the placement's entries (held, waiting, cancelled,
    /// expired) carry this case's reference and are the record of them.
    /// </remarks>
    public async Task<CaseClaim> OpenPlacement(PlacementRequest request, string? replacing)
    {
        if (Blocking(request.PlacementId, replacing) is { } open)
        {
            return new CaseClaim(null, open);
        }
        if (IsResident)
        {
            throw new GridConflictException("caseReference",
                $"Case {Reference} lives at {State.LocationCode}; moving a resident household is a transfer by the placement desk (POST /api/cases/{Reference}/transfer).");
        }
        State.Status = CaseStatus.Expected;
        TakeHousehold(request);
        await Remember(request.PlacementId);
        return new CaseClaim(request, null);
    }

    public async Task<CaseClaim> OpenTransfer(TransferRequest transfer, string? replacing)
    {
        if (Blocking(transfer.PlacementId, replacing) is { } open)
        {
            return new CaseClaim(null, open);
        }
        RequireResident();
        var request = new PlacementRequest(
            transfer.PlacementId, Reference, State.Household!, State.Needs, transfer.Phase ?? State.Phase, Priority.Normal,
            State.LocationCode!, transfer.LinkedMunicipality ?? State.LinkedMunicipality, State.LocationCode, State.Moves);
        await Remember(transfer.PlacementId);
        return new CaseClaim(request, null);
    }

    public async Task PlacementSettled(string placementId)
    {
        if (State.OpenPlacementId != placementId)
        {
            return;
        }
        State.OpenPlacementId = null;
        if (State.Status == CaseStatus.Expected && State.History.Count == 0)
        {
            // Asked for but never arrived: nothing of this household is left to keep.
            await @case.ClearStateAsync();
            DeactivateOnIdle();
            return;
        }
        if (State.Status == CaseStatus.Expected)
        {
            State.Status = CaseStatus.Departed;
        }
        await @case.WriteStateAsync();
    }

    public async Task<CaseView> Depart(DepartureReason reason)
    {
        RequireResident();
        RequireNoOpenTransfer("the departure");
        await GrainFactory.GetGrain<ILocationGrain>(State.LocationCode!).Vacate(Reference);
        var from = State.LocationCode;
        State.Status = CaseStatus.Departed;
        // A departed household's case is history: it need not wait in memory for the collection age.
        DeactivateOnIdle();
        State.LocationCode = null;
        State.BedIds = [];
        return await Save($"departed: {reason}", from, null);
    }

    /// <remarks>
    /// Refused while a transfer is open: its destination was chosen for the phase the case had then, and the arrival
    /// takes the household as the transfer asked for it.
    /// </remarks>
    public async Task<CaseView> ChangePhase(Phase phase, string? linkedMunicipality)
    {
        RequireResident();
        RequireNoOpenTransfer("changing the phase");
        await GrainFactory.GetGrain<ILocationGrain>(State.LocationCode!).ChangeOccupantPhase(Reference, phase);
        State.Phase = phase;
        State.LinkedMunicipality = linkedMunicipality ?? State.LinkedMunicipality;
        return await Save($"phase: {phase}", State.LocationCode, null);
    }

    private bool IsResident => @case.RecordExists && State.Status == CaseStatus.Resident;

    /// <summary>The placement that keeps this one from opening: another open one the caller has not found settled.</summary>
    private string? Blocking(string placementId, string? replacing) =>
        State.OpenPlacementId is { } open && open != placementId && open != replacing ? open : null;

    /// <summary>Stores <paramref name="placementId"/> as the open placement; a retry of the same one writes nothing.</summary>
    private async Task Remember(string placementId)
    {
        if (State.OpenPlacementId != placementId)
        {
            State.OpenPlacementId = placementId;
            await @case.WriteStateAsync();
        }
    }

    private void TakeHousehold(PlacementRequest request)
    {
        State.Household = request.Household;
        State.Needs = request.Needs;
        State.Phase = request.Phase;
        State.LinkedMunicipality = request.LinkedMunicipality ?? State.LinkedMunicipality;
    }

    private void RequireResident()
    {
        if (!@case.RecordExists)
        {
            throw new GridNotFoundException("caseReference", $"Case {Reference} does not exist.");
        }
        if (State.Status != CaseStatus.Resident)
        {
            throw new GridConflictException("caseReference", $"Case {Reference} is {State.Status.ToString().ToLowerInvariant()} and holds no beds.");
        }
    }

    private void RequireNoOpenTransfer(string before)
    {
        if (State.OpenPlacementId is { } open)
        {
            throw new GridConflictException("caseReference", $"Case {Reference} has transfer {open} open; cancel or confirm it before {before}.");
        }
    }

    private async Task<CaseView> Save(string @event, string? locationCode, string? placementId)
    {
        State.History.Add(new CaseEvent(auditor.Now, @event, locationCode, placementId));
        await auditor.Store(@case, "case", Reference, @event, placementId, Reference, locationCode);
        return ToView();
    }

    private CaseView ToView() => new(
        Reference, State.Status, State.Household!, State.Needs, State.Phase, State.LinkedMunicipality,
        State.LocationCode, State.BedIds, State.Moves, [.. State.History]);
}
