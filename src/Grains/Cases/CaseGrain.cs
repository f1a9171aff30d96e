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
        State.Household = arrival.Request.Household;
        State.Needs = arrival.Request.Needs;
        State.Phase = arrival.Request.Phase;
        State.LinkedMunicipality = arrival.Request.LinkedMunicipality ?? State.LinkedMunicipality;
        State.LocationCode = arrival.LocationCode;
        State.BedIds = arrival.BedIds;
        State.Moves = arrival.Moves;
        return await Save("arrived", arrival.LocationCode, arrival.PlacementId);
    }

    public async Task<PlacementView> Transfer(TransferRequest transfer)
    {
        RequireResident();
        var request = new PlacementRequest(
            transfer.PlacementId, Reference, State.Household!, State.Needs, transfer.Phase ?? State.Phase, Priority.Normal,
            State.LocationCode!, transfer.LinkedMunicipality ?? State.LinkedMunicipality, State.LocationCode, State.Moves);
        var placement = (await GrainFactory.GetGrain<IPlacementGrain>(transfer.PlacementId).Request(request)).Placement;
        await auditor.Record("case", Reference, "transfer requested", transfer.PlacementId, Reference, $"from {State.LocationCode}");
        return placement;
    }

    public async Task<CaseView> Depart(DepartureReason reason)
    {
        RequireResident();
        await GrainFactory.GetGrain<ILocationGrain>(State.LocationCode!).Vacate(Reference);
        var from = State.LocationCode;
        State.Status = CaseStatus.Departed;
        // A departed household's case is history: it need not wait in memory for the collection age.
        DeactivateOnIdle();
        State.LocationCode = null;
        State.BedIds = [];
        return await Save($"departed: {reason}", from, null);
    }

    public async Task<CaseView> ChangePhase(Phase phase, string? linkedMunicipality)
    {
        RequireResident();
        await GrainFactory.GetGrain<ILocationGrain>(State.LocationCode!).ChangeOccupantPhase(Reference, phase);
        State.Phase = phase;
        State.LinkedMunicipality = linkedMunicipality ?? State.LinkedMunicipality;
        return await Save($"phase: {phase}", State.LocationCode, null);
    }

    private void RequireResident()
    {
        if (!@case.RecordExists)
        {
            throw new GridNotFoundException("caseReference", $"Case {Reference} does not exist.");
        }
        if (State.Status != CaseStatus.Resident)
        {
            throw new GridConflictException("caseReference", $"Case {Reference} has departed and holds no beds.");
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
