using Beddengrid.Runtime;
using Microsoft.Extensions.Options;

namespace Beddengrid.Grains;

public sealed class PlacementGrain(
    GridPicture picture,
    Auditor auditor,
    IOptions<GridOptions> options,
    [PersistentState("placement")] IPersistentState<PlacementState> placement) : Grain, IPlacementGrain
{
    private PlacementState State => placement.State;
    private string Id => GetPrimaryKeyString();
    private IWaitingQueueGrain Queue => GrainFactory.GetGrain<IWaitingQueueGrain>(IWaitingQueueGrain.National);

    private ICaseGrain Case(string caseReference) => GrainFactory.GetGrain<ICaseGrain>(caseReference);

    public async Task<PlacementAnswer> Request(PlacementRequest request)
    {
        if (request.PlacementId != Id)
        {
            throw new ArgumentException($"Request for placement {request.PlacementId} sent to placement {Id}.", nameof(request));
        }
        if (placement.RecordExists)
        {
            return await Repeat(State.Request == request);
        }
        await Claim(replacing => Case(request.CaseReference).OpenPlacement(request, replacing), request.CaseReference);
        return await Place(request);
    }

    public async Task<PlacementAnswer> Transfer(string caseReference, TransferRequest transfer)
    {
        if (transfer.PlacementId != Id)
        {
            throw new ArgumentException($"Transfer for placement {transfer.PlacementId} sent to placement {Id}.", nameof(transfer));
        }
        if (placement.RecordExists)
        {
            // Asked before the case is: after its arrival the case would build a different request from its new home.
            // A retry may leave out what the case filled in, but not ask for another phase or municipality.
            var stored = State.Request!;
            return await Repeat(stored.IsTransfer && stored.CaseReference == caseReference
                && (transfer.Phase ?? stored.Phase) == stored.Phase
                && (transfer.LinkedMunicipality ?? stored.LinkedMunicipality) == stored.LinkedMunicipality);
        }
        var request = await Claim(replacing => Case(caseReference).OpenTransfer(transfer, replacing), caseReference);
        var answer = await Place(request);
        await auditor.Record("case", caseReference, "transfer requested", Id, caseReference, $"from {request.AvoidLocation}");
        return answer;
    }

    private async Task<PlacementAnswer> Repeat(bool sameRequest)
    {
        if (!sameRequest)
        {
            throw new GridConflictException("placementId", $"Placement id {Id} was already used for a different request; use a new id for a new request.");
        }
        var view = State.Status == PlacementStatus.Waiting ? await JoinQueue() : await View();
        return new PlacementAnswer(view, IsRepeat: true);
    }

    /// <summary>
    /// Puts this waiting placement in the queue, or finds its place there. A retry (whose first try may have failed
    /// between storing Waiting and joining the queue) and an expired hold the placement never took (the queue held beds
    /// for it and told it one way, and storing the hold failed) both come here, so no waiting request is left out.
    /// </summary>
    private async Task<PlacementView> JoinQueue()
    {
        var answer = await Queue.Enqueue(State.Request!, State.WaitingReason ?? "No fitting bed is free.");
        if (answer.Hold is { } hold)
        {
            // Held at once by the queue: the caller hears Held now, not "waiting" while the hold's clock already runs.
            await Held(hold, "held from the waiting queue");
        }
        return ToView(answer.Position);
    }

    /// <summary>
    /// One open placement per household. A placement the case still names but that was since cancelled, expired, arrived
    /// or never stored does not count: this grain asks it and names it to the case as replaced. Asking here rather than
    /// in the case keeps the case from ever waiting on a placement, which may itself be waiting on the case.
    /// </summary>
    private async Task<PlacementRequest> Claim(Func<string?, Task<CaseClaim>> open, string caseReference)
    {
        var claim = await open(null);
        if (claim.OpenPlacementId is { } other && await GrainFactory.GetGrain<IPlacementGrain>(other).Get() is not { Status: PlacementStatus.Held or PlacementStatus.Waiting })
        {
            claim = await open(other);
        }
        return claim.Request ?? throw new GridConflictException("caseReference",
            $"Case {caseReference} already has placement {claim.OpenPlacementId} open; confirm or cancel it before asking for another.");
    }

    /// <summary>Holds beds for the claimed request at the best location that has them, or queues it.</summary>
    private async Task<PlacementAnswer> Place(PlacementRequest request)
    {
        try
        {
            return await HoldOrQueue(request);
        }
        catch when (!placement.RecordExists)
        {
            // Nothing was stored for this placement, so the case must not go on counting it as open.
            TellCaseSettled();
            throw;
        }
    }

    private async Task<PlacementAnswer> HoldOrQueue(PlacementRequest request)
    {
        State.Request = request;
        State.RequestedAt = auditor.Now;
        var search = picture.WhyWaitingAhead(request, DateOnly.FromDateTime(auditor.Now.UtcDateTime)) is { } whyWaitingAhead
            ? new SearchOutcome(null, whyWaitingAhead)
            : await LocationSearch.HoldAtBest(GrainFactory, picture, request, picture.Locations, auditor.Now + options.Value.HoldDuration);
        if (search.Hold is { } hold)
        {
            await Held(hold, "held");
            return new PlacementAnswer(ToView(null), IsRepeat: false);
        }
        State.Status = PlacementStatus.Waiting;
        State.WaitingReason = search.WhyNone;
        await Save("waiting", search.WhyNone);
        return new PlacementAnswer(await JoinQueue(), IsRepeat: false);
    }

    public async Task<PlacementView?> Get() => placement.RecordExists ? await View() : null;

    public async Task<PlacementView> Confirm()
    {
        RequireExists();
        switch (CurrentStatus)
        {
            case PlacementStatus.Confirmed:
                return ToView(null);
            case PlacementStatus.Expired:
                // The location may not have run its expiry yet (e.g. it was just reloaded): free the beds now.
                await GrainFactory.GetGrain<ILocationGrain>(State.LocationCode!).ReleaseHold(Id);
                await Expire();
                throw new GridConflictException("placementId", $"The hold of placement {Id} expired at {State.ExpiresAt:O}; request a new placement.");
            case PlacementStatus.Held:
                break;
            default:
                throw new GridConflictException("placementId", $"Placement {Id} is {State.Status.ToString().ToLowerInvariant()}; only a held placement can be confirmed.");
        }
        var request = State.Request!;
        var occupancy = new Occupancy(request.CaseReference, request.Phase, auditor.Now, request.PriorMoves + 1);
        var beds = await GrainFactory.GetGrain<ILocationGrain>(State.LocationCode!).Confirm(Id, occupancy);
        await GrainFactory.GetGrain<ICaseGrain>(request.CaseReference).RecordArrival(new Arrival(Id, State.LocationCode!, beds, request, occupancy.Moves));
        State.Status = PlacementStatus.Confirmed;
        Settled();
        State.BedIds = beds;
        await Save("confirmed", State.LocationCode);
        return ToView(null);
    }

    public async Task<PlacementView> Cancel()
    {
        RequireExists();
        switch (State.Status)
        {
            case PlacementStatus.Cancelled:
                // Tell the case again: the first word may have been lost with the silo that was to deliver it.
                TellCaseSettled();
                return ToView(null);
            case PlacementStatus.Held:
                await GrainFactory.GetGrain<ILocationGrain>(State.LocationCode!).ReleaseHold(Id);
                break;
            case PlacementStatus.Waiting:
                await Queue.Remove(Id);
                break;
            default:
                throw new GridConflictException("placementId", $"Placement {Id} is {State.Status.ToString().ToLowerInvariant()} and can no longer be cancelled.");
        }
        State.Status = PlacementStatus.Cancelled;
        Settled();
        await Save("cancelled");
        TellCaseSettled();
        return ToView(null);
    }

    public async Task OnHoldExpired(string locationCode)
    {
        if (State.Status == PlacementStatus.Held && State.LocationCode == locationCode)
        {
            await Expire();
        }
        else if (State.Status == PlacementStatus.Waiting)
        {
            await JoinQueue();
        }
    }

    public async Task OnHeldFromQueue(HoldResult hold)
    {
        if (State.Status == PlacementStatus.Waiting)
        {
            await Held(hold, "held from the waiting queue");
        }
        else if (State.Status != PlacementStatus.Held || State.LocationCode != hold.LocationCode)
        {
            // Cancelled while the queue was holding beds for it: give them back.
            await GrainFactory.GetGrain<ILocationGrain>(hold.LocationCode).ReleaseHold(Id);
        }
    }

    private PlacementStatus CurrentStatus =>
        State.Status == PlacementStatus.Held && State.ExpiresAt <= auditor.Now ? PlacementStatus.Expired : State.Status;

    private async Task Held(HoldResult hold, string @event)
    {
        State.Status = PlacementStatus.Held;
        State.LocationCode = hold.LocationCode;
        State.BedIds = hold.BedIds;
        State.ExpiresAt = hold.ExpiresAt;
        State.WaitingReason = null;
        await Save(@event, $"{hold.LocationCode}: {string.Join(", ", hold.BedIds)}");
    }

    private async Task Expire()
    {
        if (State.Status == PlacementStatus.Expired)
        {
            return;
        }
        State.Status = PlacementStatus.Expired;
        Settled();
        await Save("expired", State.LocationCode);
        TellCaseSettled();
    }

    /// <summary>
    /// A confirmed, cancelled or expired placement is only ever read again, rarely: leave memory after this turn rather
    /// than after the collection age, so that a day of intake does not keep every past placement in memory.
    /// </summary>
    private void Settled() => DeactivateOnIdle();

    /// <summary>One way: the case only forgets the open placement, and must never be waited on by a placement.</summary>
    private void TellCaseSettled() => Case(State.Request!.CaseReference).PlacementSettled(Id).Ignore();

    private Task Save(string @event, string? detail = null) =>
        auditor.Store(placement, "placement", Id, @event, Id, State.Request!.CaseReference, detail);

    private void RequireExists()
    {
        if (!placement.RecordExists)
        {
            throw new GridNotFoundException("placementId", $"Placement {Id} does not exist.");
        }
    }

    private async Task<PlacementView> View() =>
        ToView(State.Status == PlacementStatus.Waiting ? await Queue.Position(Id) : null);

    private PlacementView ToView(int? queuePosition) => new(
        Id, State.Request!.CaseReference, CurrentStatus, State.LocationCode, State.BedIds, State.ExpiresAt,
        State.WaitingReason, queuePosition, State.RequestedAt, State.Request.Household.Size);
}
