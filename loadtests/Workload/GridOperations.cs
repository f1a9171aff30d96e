using System.Diagnostics;
using Beddengrid.Grains;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Targets;

namespace Beddengrid.LoadTests.Workload;

/// <summary>
/// The journeys a run sends to the target, each measured per call: intake (request, then confirm on arrival or cancel),
/// transfer (hold the destination, confirm, origin released), departure, and a dashboard read of the picture.
/// A journey's first call is timed from its intended start, so backlog in the driver shows as latency.
/// </summary>
public sealed class GridOperations(
    IGridTarget target,
    RunRecorder recorder,
    PlacementLedger ledger,
    ResidentPool residents,
    HouseholdGenerator households,
    IdentitySequence identities,
    double confirmShare,
    string origin)
{
    private long _idle;

    /// <summary>Departures and transfers that found no resident to act on (the pool was empty or all claimed).</summary>
    public long Idle => Volatile.Read(ref _idle);

    public IGridTarget Target => target;

    public RunRecorder Recorder => recorder;

    public PlacementLedger Ledger => ledger;

    public ResidentPool Residents => residents;

    /// <summary>A new household at intake: request beds; when held, confirm its arrival (or cancel, for <c>1 - confirmShare</c>).</summary>
    public async Task Intake(long intendedStart)
    {
        var drawn = households.Next();
        var request = new PlacementRequest(identities.NextPlacementId(), identities.NextCaseReference(), drawn.Household, drawn.Needs, drawn.Phase, Priority.Normal, origin);
        PlacementView view;
        try
        {
            view = await target.RequestPlacement(request);
            recorder.Completed(OperationKind.Request, intendedStart);
        }
        catch (Exception ex)
        {
            recorder.Failed(OperationKind.Request, ex);
            recorder.Outcome(PlacementOutcome.Rejected);
            return;
        }
        ledger.Acknowledge(view);
        recorder.Outcome(view.Status == PlacementStatus.Held ? PlacementOutcome.Held : PlacementOutcome.Waiting);
        if (view.Status == PlacementStatus.Waiting)
        {
            recorder.Waited(view.WaitingReason);
        }
        if (view.Status == PlacementStatus.Held)
        {
            if (Random.Shared.NextDouble() >= confirmShare)
            {
                await Cancel(view.PlacementId);
            }
            else if (await ConfirmArrival(view.PlacementId, drawn.Phase))
            {
                recorder.Completed(OperationKind.Placement, intendedStart);
            }
        }
    }

    /// <summary>The desk moves the longest-staying resident of the run one phase on; a transfer that would wait is withdrawn.</summary>
    public async Task Transfer(long intendedStart)
    {
        if (!residents.TryTakeOldest(out var resident))
        {
            Interlocked.Increment(ref _idle);
            return;
        }
        await TransferResident(resident, NextPhase(resident.Phase), intendedStart);
    }

    /// <summary>Moves one named resident (a closure wave empties a location); false if another operation holds the case.</summary>
    public async Task<bool> TransferOut(string caseReference, Phase phase, long intendedStart)
    {
        if (!residents.TryClaim(caseReference))
        {
            return false;
        }
        await TransferResident(new Resident(caseReference, phase), phase, intendedStart);
        return true;
    }

    /// <summary>The longest-staying resident leaves (housed, returned): frees beds at the rate intake takes them.</summary>
    public async Task Depart(long intendedStart)
    {
        if (!residents.TryTakeOldest(out var resident))
        {
            Interlocked.Increment(ref _idle);
            return;
        }
        try
        {
            await target.Depart(resident.CaseReference, DepartureReason.Housed);
            recorder.Completed(OperationKind.Depart, intendedStart);
            ledger.Departed(resident.CaseReference);
        }
        catch (Exception ex)
        {
            recorder.Failed(OperationKind.Depart, ex);
        }
    }

    /// <summary>A dashboard refresh of the current picture.</summary>
    public async Task ReadPicture(long intendedStart)
    {
        try
        {
            await target.PollPicture();
            recorder.Completed(OperationKind.Picture, intendedStart);
        }
        catch (Exception ex)
        {
            recorder.Failed(OperationKind.Picture, ex);
        }
    }

    private async Task TransferResident(Resident resident, Phase phase, long intendedStart)
    {
        PlacementView view;
        try
        {
            view = await target.Transfer(resident.CaseReference, new TransferRequest(identities.NextPlacementId(), phase));
            recorder.Completed(OperationKind.Transfer, intendedStart);
        }
        catch (Exception ex)
        {
            recorder.Failed(OperationKind.Transfer, ex);
            residents.Add(resident);
            return;
        }
        ledger.Acknowledge(view);
        if (view.Status == PlacementStatus.Held)
        {
            await ConfirmArrival(view.PlacementId, phase);
        }
        else
        {
            await Cancel(view.PlacementId);
            residents.Add(resident);
        }
    }

    private async Task<bool> ConfirmArrival(string placementId, Phase phase)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var confirmed = await target.Confirm(placementId);
            recorder.Completed(OperationKind.Confirm, started);
            ledger.Acknowledge(confirmed);
            residents.Add(new Resident(confirmed.CaseReference, phase));
            return true;
        }
        catch (Exception ex)
        {
            recorder.Failed(OperationKind.Confirm, ex);
            return false;
        }
    }

    private async Task Cancel(string placementId)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            ledger.Acknowledge(await target.Cancel(placementId));
            recorder.Completed(OperationKind.Cancel, started);
        }
        catch (Exception ex)
        {
            recorder.Failed(OperationKind.Cancel, ex);
        }
    }

    /// <summary>One step along the chain (keten): registration → rest and preparation → procedure → extended → permit.</summary>
    private static Phase NextPhase(Phase phase) => phase switch
    {
        Phase.JustRegistered => Phase.RestAndPreparation,
        Phase.RestAndPreparation => Phase.GeneralProcedure,
        Phase.GeneralProcedure => Phase.ExtendedProcedure,
        Phase.ExtendedProcedure => Phase.PermitHolder,
        _ => phase,
    };
}
