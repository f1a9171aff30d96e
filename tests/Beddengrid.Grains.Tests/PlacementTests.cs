using Beddengrid.Runtime;
using static Beddengrid.Grains.Tests.TinyGrid;

namespace Beddengrid.Grains.Tests;

public sealed class PlacementTests : IAsyncLifetime
{
    private readonly GridHost _grid = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _grid.DisposeAsync();

    [Fact]
    public async Task A_family_is_held_together_in_one_room_when_one_room_fits()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.Families, rooms: 2, roomSize: 2), Rooms(BedGroup.Families, rooms: 1, roomSize: 5, firstUnit: 3));

        var view = await _grid.Request(Request("p1", Family(4)));

        Assert.Equal(PlacementStatus.Held, view.Status);
        Assert.Equal(4, view.BedIds.Count);
        Assert.Single(view.BedIds.Select(b => b[..b.LastIndexOf('-')]).Distinct());
    }

    [Fact]
    public async Task Households_sent_to_one_location_get_their_beds_chosen_while_earlier_holds_are_still_being_stored()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 2));
        _grid.Host.Storage.HoldBackWrites(GrainClassName.Of<BedGrain>());

        var requests = Enumerable.Range(1, 3).Select(i => _grid.Request(Request($"p{i}", SingleMan))).ToArray();
        // Each household's bed is being stored at once: none waits at the location for another's to be stored.
        await Eventually(() => Task.FromResult(_grid.Host.Storage.WritesHeldBack == 3));
        _grid.Host.Storage.LetWritesThrough();
        var views = await Task.WhenAll(requests);

        Assert.All(views, view => Assert.Equal(PlacementStatus.Held, view.Status));
        Assert.Equal(3, views.SelectMany(v => v.BedIds).Distinct().Count());
        var detail = await _grid.Location("AZC-A").GetDetail();
        Assert.Equal((1, 3), (detail.Summary.Beds.Available, detail.Summary.Beds.Held));
        Assert.Equal(3, detail.Beds.Count(b => b.Status == BedStatus.Held));
    }

    [Fact]
    public async Task Beds_whose_hold_is_still_being_stored_already_count_as_held_in_the_picture()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 2));
        _grid.Host.Storage.HoldBackWrites(GrainClassName.Of<BedGrain>());

        var request = _grid.Request(Request("p1", SingleMan));
        await Eventually(() => Task.FromResult(_grid.Host.Storage.WritesHeldBack == 1));

        // Placements ranking locations now must not count that bed as free and be refused there.
        Assert.Equal((1, 1), (_grid.Picture.Location("AZC-A")!.Beds.Available, _grid.Picture.Location("AZC-A")!.Beds.Held));
        _grid.Host.Storage.LetWritesThrough();
        Assert.Equal(PlacementStatus.Held, (await request).Status);
    }

    [Fact]
    public async Task Households_arriving_at_one_location_are_confirmed_while_earlier_arrivals_are_still_being_stored()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 2));
        for (var i = 1; i <= 3; i++)
        {
            await _grid.Request(Request($"p{i}", SingleMan));
        }
        _grid.Host.Storage.HoldBackWrites(GrainClassName.Of<BedGrain>());

        var confirmations = Enumerable.Range(1, 3).Select(i => _grid.Placement($"p{i}").Confirm()).ToArray();
        await Eventually(() => Task.FromResult(_grid.Host.Storage.WritesHeldBack == 3));
        _grid.Host.Storage.LetWritesThrough();
        var views = await Task.WhenAll(confirmations);

        Assert.All(views, view => Assert.Equal(PlacementStatus.Confirmed, view.Status));
        var detail = await _grid.Location("AZC-A").GetDetail();
        Assert.Equal((1, 3, 0), (detail.Summary.Beds.Available, detail.Summary.Beds.Occupied, detail.Summary.Beds.Held));
    }

    [Fact]
    public async Task A_family_whose_hold_fails_on_one_beds_write_is_held_nowhere_and_a_retry_holds_it_whole()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.Families, rooms: 1, roomSize: 3));
        _grid.Host.Storage.FailNextWrites(GrainClassName.Of<BedGrain>());

        await Assert.ThrowsAsync<IOException>(() => _grid.Request(Request("p1", Family(3))));

        var afterFailure = await _grid.Location("AZC-A").GetDetail();
        Assert.All(afterFailure.Beds, bed => Assert.Equal(BedStatus.Available, bed.Status));
        foreach (var bed in afterFailure.Beds)
        {
            Assert.Equal(BedStatus.Available, (await _grid.Host.Grain<IBedGrain>($"AZC-A/{bed.Definition.BedId}").Get())!.Status);
        }
        Assert.Equal((3, 0), (afterFailure.Summary.Beds.Available, afterFailure.Summary.Beds.Held));

        var retried = await _grid.Request(Request("p1", Family(3)));

        Assert.Equal(PlacementStatus.Held, retried.Status);
        Assert.Equal(3, retried.BedIds.Count);
        Assert.Equal(3, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Held);
    }

    [Fact]
    public async Task Confirming_again_after_a_confirmation_failed_part_way_gives_the_household_all_its_beds()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.Families, rooms: 1, roomSize: 3));
        var held = await _grid.Request(Request("p1", Family(3)));
        _grid.Host.Storage.FailNextWrites(GrainClassName.Of<BedGrain>(), after: 1);
        await Assert.ThrowsAsync<IOException>(() => _grid.Placement("p1").Confirm());

        var confirmed = await _grid.Placement("p1").Confirm();

        Assert.Equal(PlacementStatus.Confirmed, confirmed.Status);
        Assert.Equal(held.BedIds.Order(), confirmed.BedIds.Order());
        Assert.Equal(held.BedIds.Order(), (await _grid.Case("V-p1").Get())!.BedIds.Order());
        Assert.Equal((3, 0), ((await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Occupied, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Held));
    }

    [Fact]
    public async Task A_held_bed_expires_after_the_hold_duration_and_becomes_available()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        var view = await _grid.Request(Request("p1", SingleMan));

        _grid.Time.Advance(TimeSpan.FromHours(4));

        await Eventually(async () => (await _grid.Placement("p1").Get())!.Status == PlacementStatus.Expired);
        Assert.Equal(BedStatus.Available, (await _grid.Location("AZC-A").GetDetail()).Beds.Single().Status);
        Assert.Equal(view.RequestedAt + TimeSpan.FromHours(4), view.ExpiresAt);
        Assert.Contains(await _grid.Audit.ForCaseAsync("V-p1"), e => e.Event == "hold expired");
    }

    [Fact]
    public async Task A_hold_whose_expiry_the_store_fails_is_tried_again_a_second_later_not_in_a_busy_loop()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan));
        _grid.Host.Storage.FailNextWrites(GrainClassName.Of<BedGrain>(), count: 1_000);

        _grid.Time.Advance(TimeSpan.FromHours(4));
        await Eventually(() => Task.FromResult(_grid.Host.Storage.FailedWrites > 0));
        for (var step = 0; step < 5; step++)
        {
            // A retry armed at once would fire at each step of the clock.
            _grid.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(50);
        }
        Assert.Equal(1, _grid.Host.Storage.FailedWrites);

        _grid.Host.Storage.FailNextWrites(GrainClassName.Of<BedGrain>(), count: 0);
        // The retry is armed when the location has handled the failure, which may be after the clock's first step: step
        // on until the bed is free rather than assume the retry fell due exactly one second after the failed write.
        var sinceFailure = TimeSpan.FromMilliseconds(500);
        while ((await _grid.Location("AZC-A").GetDetail()).Beds.Single().Status != BedStatus.Available)
        {
            Assert.True(sinceFailure < TimeSpan.FromSeconds(2), $"the bed was still held {sinceFailure.TotalMilliseconds} ms after the failed expiry");
            _grid.Time.Advance(TimeSpan.FromMilliseconds(100));
            sinceFailure += TimeSpan.FromMilliseconds(100);
            await Task.Delay(20);
        }
        Assert.InRange(sinceFailure, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal(PlacementStatus.Expired, (await _grid.Placement("p1").Get())!.Status);
    }

    [Fact]
    public async Task Confirming_after_the_hold_expired_is_refused_and_the_bed_stays_free()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan));
        await _grid.Host.DeactivateAsync(new Runtime.GrainId("location", "AZC-A"));

        _grid.Time.Advance(TimeSpan.FromHours(5));
        var refused = await Assert.ThrowsAsync<GridConflictException>(() => _grid.Placement("p1").Confirm());

        Assert.Contains("expired", refused.Message);
        Assert.Equal(BedStatus.Available, (await _grid.Location("AZC-A").GetDetail()).Beds.Single().Status);
    }

    [Fact]
    public async Task A_location_asked_to_confirm_a_hold_past_its_deadline_refuses_and_frees_the_beds()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan));
        await _grid.Host.DeactivateAsync(new Runtime.GrainId("location", "AZC-A"));
        _grid.Time.Advance(TimeSpan.FromHours(5));

        // As when the deadline passes between the placement's own check and the location's.
        var refused = await Assert.ThrowsAsync<GridConflictException>(() =>
            _grid.Location("AZC-A").Confirm("p1", new Occupancy("V-p1", Phase.ExtendedProcedure, _grid.Time.GetUtcNow(), 1)));

        Assert.Contains("expired", refused.Message);
        Assert.Equal(BedStatus.Available, (await _grid.Location("AZC-A").GetDetail()).Beds.Single().Status);
        Assert.Equal(BedStatus.Available, (await _grid.Host.Grain<IBedGrain>($"AZC-A/{(await _grid.Location("AZC-A").GetDetail()).Beds.Single().Definition.BedId}").Get())!.Status);
    }

    [Fact]
    public async Task A_hold_keeps_its_deadline_when_location_and_placement_are_reloaded_from_the_store()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 2));
        var held = await _grid.Request(Request("p1", SingleMan));
        _grid.Time.Advance(TimeSpan.FromHours(3));
        await _grid.Host.DeactivateAsync(new Runtime.GrainId("location", "AZC-A"));
        await _grid.Host.DeactivateAsync(new Runtime.GrainId("placement", "p1"));

        await _grid.Loader.LoadAsync();
        Assert.Equal(PlacementStatus.Held, (await _grid.Placement("p1").Get())!.Status);
        Assert.Equal(held.ExpiresAt, (await _grid.Location("AZC-A").GetDetail()).Beds.Single(b => b.Status == BedStatus.Held).Hold!.ExpiresAt);

        _grid.Time.Advance(TimeSpan.FromHours(1));
        await Eventually(async () => (await _grid.Placement("p1").Get())!.Status == PlacementStatus.Expired);
        Assert.Equal(0, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Held);
    }

    [Fact]
    public async Task A_deadline_that_passed_while_the_location_was_not_in_memory_is_honoured_at_once_on_reload()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan));
        await _grid.Host.DeactivateAsync(new Runtime.GrainId("location", "AZC-A"));

        _grid.Time.Advance(TimeSpan.FromHours(6));
        await _grid.Loader.LoadAsync();
        _grid.Time.Advance(TimeSpan.Zero);

        await Eventually(async () => (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Available == 1);
        await Eventually(async () => (await _grid.Placement("p1").Get())!.Status == PlacementStatus.Expired);
    }

    [Fact]
    public async Task Retrying_a_request_returns_the_same_placement_and_holds_nothing_more()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 2));

        var first = await _grid.Request(Request("p1", SingleMan));
        var retry = await _grid.Request(Request("p1", SingleMan));

        Assert.Equal(first, retry);
        Assert.Equal(1, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Held);
    }

    [Fact]
    public async Task Of_identical_requests_sent_at_once_exactly_one_is_answered_as_new()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 2));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _grid.Placement("p1").Request(Request("p1", SingleMan)))));

        Assert.Single(answers, a => !a.IsRepeat);
        Assert.Single(answers.Select(a => a.Placement).Distinct());
        Assert.Equal(1, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Held);
    }

    [Fact]
    public async Task Reusing_a_placement_id_for_a_different_request_is_a_conflict()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 2));
        await _grid.Request(Request("p1", SingleMan));

        var conflict = await Assert.ThrowsAsync<GridConflictException>(() => _grid.Request(Request("p1", Family(3))));

        Assert.Equal("placementId", conflict.Field);
    }

    [Fact]
    public async Task Confirming_twice_returns_the_confirmed_placement_and_records_one_move()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 2));
        await _grid.Request(Request("p1", SingleMan));

        var first = await _grid.Placement("p1").Confirm();
        var second = await _grid.Placement("p1").Confirm();

        Assert.Equal(PlacementStatus.Confirmed, second.Status);
        Assert.Equal(first.BedIds, second.BedIds);
        var resident = await _grid.Case("V-p1").Get();
        Assert.Equal(1, resident!.Moves);
        Assert.Equal("AZC-A", resident.LocationCode);
        Assert.Equal(1, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Occupied);
    }

    [Fact]
    public async Task When_nothing_fits_the_request_waits_with_its_reason_and_position_and_is_held_when_a_bed_frees()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan));

        var waiting = await _grid.Request(Request("p2", SingleMan));
        Assert.Equal(PlacementStatus.Waiting, waiting.Status);
        Assert.Equal(1, waiting.QueuePosition);
        Assert.Equal("No fitting location has 1 free SingleMen beds together.", waiting.WaitingReason);
        Assert.Equal(1, _grid.Picture.FreshSnapshot().Pressure.Waiting.Count);

        await _grid.Placement("p1").Cancel();

        await Eventually(async () => (await _grid.Placement("p2").Get())!.Status == PlacementStatus.Held);
        Assert.Empty(await _grid.Waiting());
    }

    [Fact]
    public async Task A_request_waiting_because_the_contract_ended_too_soon_is_held_when_the_contract_is_extended()
    {
        await Register(_grid, Profile("AZC-A") with { ContractEnd = GridHost.Today.AddDays(100) }, Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        Assert.Equal(PlacementStatus.Waiting, (await _grid.Request(Request("p1", SingleMan))).Status);

        await _grid.Location("AZC-A").ChangeContractEnd(GridHost.Today.AddYears(2));

        await Eventually(async () => (await _grid.Placement("p1").Get())!.Status == PlacementStatus.Held);
    }

    [Fact]
    public async Task A_request_that_failed_to_join_the_queue_joins_it_when_retried_and_is_held_when_a_bed_frees()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan));
        _grid.Host.Storage.FailNextWrites("waitingentry");
        await Assert.ThrowsAsync<IOException>(() => _grid.Request(Request("p2", SingleMan)));

        var retried = await _grid.Request(Request("p2", SingleMan));
        Assert.Equal((PlacementStatus.Waiting, 1), (retried.Status, retried.QueuePosition));

        await _grid.Placement("p1").Cancel();
        await Eventually(async () => (await _grid.Placement("p2").Get())!.Status == PlacementStatus.Held);
    }

    [Fact]
    public async Task A_request_that_failed_to_take_its_hold_from_the_queue_joins_the_queue_again_once_that_hold_expires()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1, status: BedStatus.Closed));
        await _grid.Request(Request("p1", SingleMan));
        _grid.Host.Storage.FailNextWrites(GrainClassName.Of<PlacementGrain>());

        await _grid.Location("AZC-A").ReopenBeds(BedSelection.WholeLocation);
        await Eventually(async () => (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Held == 1);
        Assert.Equal(PlacementStatus.Waiting, (await _grid.Placement("p1").Get())!.Status);

        _grid.Time.Advance(TimeSpan.FromHours(4));

        await Eventually(async () => (await _grid.Placement("p1").Get())!.Status == PlacementStatus.Held);
        Assert.Equal(1, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Held);
        Assert.Empty(await _grid.Waiting());
    }

    [Fact]
    public async Task A_waiting_request_is_held_at_a_location_registered_after_it_began_to_wait()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1, status: BedStatus.Closed));
        Assert.Equal(PlacementStatus.Waiting, (await _grid.Request(Request("p1", SingleMan))).Status);

        await Register(_grid, Profile("NOO-NEW", LocationKind.Emergency), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));

        await Eventually(async () => (await _grid.Placement("p1").Get()) is { Status: PlacementStatus.Held, LocationCode: "NOO-NEW" });
    }

    [Fact]
    public async Task A_pass_over_the_queue_that_fails_part_way_still_takes_out_the_households_it_placed()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 1, status: BedStatus.Closed));
        await _grid.Request(Request("p1", SingleMan));
        await _grid.Request(Request("p2", SingleMan));
        _grid.Host.Storage.FailNextWrites(GrainClassName.Of<BedGrain>(), after: 3);

        await _grid.Location("AZC-A").ReopenBeds(BedSelection.WholeLocation);

        await Eventually(async () => (await _grid.Placement("p1").Get())!.Status == PlacementStatus.Held);
        await Eventually(async () => (await _grid.Waiting()).Select(w => w.PlacementId).SequenceEqual(["p2"]));
        Assert.Equal(PlacementStatus.Waiting, (await _grid.Placement("p2").Get())!.Status);
    }

    [Fact]
    public async Task A_newcomer_does_not_take_a_bed_that_freed_for_a_household_already_waiting_with_the_same_needs()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1, status: BedStatus.Closed));
        var first = await _grid.Request(Request("first", SingleMan));
        Assert.Equal(PlacementStatus.Waiting, first.Status);
        // The reopening is stored; the queue's hold for the waiting household is not, so the bed stays free for a moment.
        _grid.Host.Storage.FailNextWrites(GrainClassName.Of<BedGrain>(), after: 1);
        await _grid.Location("AZC-A").ReopenBeds(BedSelection.WholeLocation);
        await Eventually(() => Task.FromResult(_grid.Host.Storage.FailedWrites == 1));

        var newcomer = await _grid.Request(Request("second", SingleMan));

        Assert.Equal((PlacementStatus.Waiting, 1, first.WaitingReason), (newcomer.Status, newcomer.QueuePosition, newcomer.WaitingReason));
        Assert.Equal(PlacementStatus.Held, (await _grid.Placement("first").Get())!.Status);
    }

    [Fact]
    public async Task A_newcomer_of_higher_priority_takes_a_free_bed_before_households_waiting_with_the_same_needs()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1, status: BedStatus.Closed));
        Assert.Equal(PlacementStatus.Waiting, (await _grid.Request(Request("first", SingleMan))).Status);
        _grid.Host.Storage.FailNextWrites(GrainClassName.Of<BedGrain>(), after: 1);
        await _grid.Location("AZC-A").ReopenBeds(BedSelection.WholeLocation);
        await Eventually(() => Task.FromResult(_grid.Host.Storage.FailedWrites == 1));

        var urgent = await _grid.Request(Request("urgent", SingleMan) with { Priority = Priority.High });

        Assert.Equal(PlacementStatus.Held, urgent.Status);
        var first = (await _grid.Placement("first").Get())!;
        Assert.Equal((PlacementStatus.Waiting, 1), (first.Status, first.QueuePosition));
    }

    [Fact]
    public async Task A_request_joining_the_queue_while_a_fitting_bed_is_free_is_answered_with_the_queues_hold_not_a_place()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));

        var answer = await _grid.Queue.Enqueue(Request("q1", SingleMan), "The bed freed after the request's own search.");

        Assert.Null(answer.Position);
        Assert.Equal(("AZC-A", 1), (answer.Hold?.LocationCode, answer.Hold?.BedIds.Count));
        Assert.Empty(await _grid.Waiting());
    }

    [Fact]
    public async Task The_queue_holds_a_waiting_household_at_the_best_ranked_location_with_room_not_the_first_it_lists()
    {
        await Register(_grid, Profile("AZC-A", municipality: "Assen"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await Register(_grid, Profile("AZC-B", municipality: "Emmen"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        var permitHolder = Request("q1", SingleMan, Phase.PermitHolder) with { LinkedMunicipality = "Emmen" };

        var answer = await _grid.Queue.Enqueue(permitHolder, "The beds freed after the request's own search.");

        Assert.Equal("AZC-B", answer.Hold?.LocationCode);
        Assert.Equal(1, (await _grid.Location("AZC-A").GetSummary()).Beds.Available);
    }

    [Fact]
    public async Task Waiting_requests_are_served_by_priority_then_arrival_when_beds_reopen()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 2, status: BedStatus.Closed));
        await _grid.Request(Request("normal-1", SingleMan));
        await _grid.Request(Request("normal-2", SingleMan));
        await _grid.Request(Request("medical", SingleMan) with { Priority = Priority.High });
        Assert.Equal(["medical", "normal-1", "normal-2"], (await _grid.Waiting()).Select(w => w.PlacementId));

        await _grid.Location("AZC-A").ReopenBeds(BedSelection.WholeLocation);

        await Eventually(async () => (await _grid.Waiting()).Count == 1);
        Assert.Equal("normal-2", (await _grid.Waiting()).Single().PlacementId);
        Assert.Equal(PlacementStatus.Held, (await _grid.Placement("medical").Get())!.Status);
        Assert.Equal(PlacementStatus.Held, (await _grid.Placement("normal-1").Get())!.Status);
    }

    [Fact]
    public async Task Freed_beds_go_to_the_first_waiting_household_they_fit_and_the_others_keep_their_places()
    {
        await Register(_grid, Profile("AZC-A", maxStay: 100), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1, status: BedStatus.Closed));
        await _grid.Request(Request("long-stay", SingleMan, Phase.ExtendedProcedure));
        await _grid.Request(Request("short-stay", SingleMan, Phase.PermitHolder));
        await _grid.Request(Request("long-stay-2", SingleMan, Phase.ExtendedProcedure));

        await _grid.Location("AZC-A").ReopenBeds(BedSelection.WholeLocation);

        await Eventually(async () => (await _grid.Placement("short-stay").Get())!.Status == PlacementStatus.Held);
        Assert.Equal(["long-stay", "long-stay-2"], (await _grid.Waiting()).Select(w => w.PlacementId));
        Assert.Equal(PlacementStatus.Waiting, (await _grid.Placement("long-stay").Get())!.Status);
    }

    [Fact]
    public async Task Activating_direct_reserve_places_a_waiting_request()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1, status: BedStatus.Reserve, reserve: new ReserveTerms(ReserveKind.Direct, 0, null)));
        Assert.Equal(PlacementStatus.Waiting, (await _grid.Request(Request("p1", SingleMan))).Status);

        await _grid.Location("AZC-A").ActivateReserve(1);

        await Eventually(async () => (await _grid.Placement("p1").Get())!.Status == PlacementStatus.Held);
    }

    [Fact]
    public async Task Indirect_reserve_comes_into_service_after_its_lead_time()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 2, status: BedStatus.Reserve, reserve: new ReserveTerms(ReserveKind.Indirect, 60, null)));

        await _grid.Location("AZC-A").ActivateReserve(2);
        Assert.Equal(2, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Reserve);

        _grid.Time.Advance(TimeSpan.FromDays(60));

        await Eventually(async () => (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Available == 2);
    }

    [Fact]
    public async Task A_person_alone_who_needs_a_medical_and_accessible_bed_is_held_in_a_bed_that_is_both()
    {
        static BedSnapshot Bed(string id, Needs features) =>
            new(new BedDefinition(id, "U1", $"R-{id}", BedGroup.SingleMen, features), BedStatus.Available, null, null, null, null, null);
        await Register(_grid, Profile("AZC-APART"), [Bed("M", Needs.Medical), Bed("W", Needs.Wheelchair)]);
        await Register(_grid, Profile("AZC-BOTH"), [Bed("N", Needs.None), Bed("MW", Needs.Medical | Needs.Wheelchair)]);

        var view = await _grid.Request(Request("p1", SingleMan, needs: Needs.Medical | Needs.Wheelchair));

        Assert.Equal(PlacementStatus.Held, view.Status);
        Assert.Equal("AZC-BOTH", view.LocationCode);
        Assert.Equal(["MW"], view.BedIds);
    }

    [Fact]
    public async Task A_closing_location_takes_no_new_placements()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 2));
        await _grid.Location("AZC-A").SetLifecycle(Lifecycle.Closing);

        var view = await _grid.Request(Request("p1", SingleMan));

        Assert.Equal(PlacementStatus.Waiting, view.Status);
        Assert.Contains("closing", view.WaitingReason);
        var national = _grid.Picture.FreshSnapshot().National;
        Assert.Equal((2, 0), (national.Beds.Available, national.FreeUsable));
    }

    [Fact]
    public async Task Closing_a_unit_closes_its_free_beds_and_leaves_occupied_ones_in_use()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 2, roomsPerUnit: 2));
        await _grid.Request(Request("p1", SingleMan));
        await _grid.Placement("p1").Confirm();

        var result = await _grid.Location("AZC-A").CloseBeds(new BedSelection(Unit: "U1"), new Closure(ClosureReason.Outbreak, GridHost.Today.AddDays(14)));

        Assert.Equal(3, result.Changed);
        Assert.Equal(1, result.Skipped["occupied"]);
        var beds = (await _grid.Location("AZC-A").GetDetail()).Summary.Beds;
        Assert.Equal((0, 1, 3), (beds.Available, beds.Occupied, beds.Closed));
    }

    [Fact]
    public async Task A_transfer_holds_the_destination_first_and_releases_the_origin_on_arrival()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan));
        await _grid.Placement("p1").Confirm();
        await Register(_grid, Profile("AZC-B"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));

        var transfer = (await _grid.Placement("t1").Transfer("V-p1", new TransferRequest("t1"))).Placement;
        Assert.Equal(("AZC-B", PlacementStatus.Held), (transfer.LocationCode, transfer.Status));
        Assert.Equal(1, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Occupied);

        await _grid.Placement("t1").Confirm();

        Assert.Equal(0, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Occupied);
        Assert.Equal(1, (await _grid.Location("AZC-B").GetDetail()).Summary.Beds.Occupied);
        var moved = await _grid.Case("V-p1").Get();
        Assert.Equal(("AZC-B", 2), (moved!.LocationCode, moved.Moves));
    }

    [Fact]
    public async Task A_household_with_an_open_placement_is_refused_a_second_one_until_that_one_is_cancelled()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan, caseReference: "V0000001"));

        var refusal = await Assert.ThrowsAsync<GridConflictException>(() => _grid.Request(Request("p2", SingleMan, caseReference: "V0000001")));

        Assert.Equal("caseReference", refusal.Field);
        Assert.Contains("p1", refusal.Message);
        Assert.Equal(1, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Held);
        Assert.Null(await _grid.Placement("p2").Get());

        await _grid.Placement("p1").Cancel();
        var again = await _grid.Request(Request("p2", SingleMan, caseReference: "V0000001"));

        Assert.Equal(PlacementStatus.Held, again.Status);
        Assert.Equal(CaseStatus.Expected, (await _grid.Case("V0000001").Get())!.Status);
    }

    [Fact]
    public async Task A_household_whose_only_placement_is_cancelled_before_arrival_leaves_no_case_behind()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan, caseReference: "V0000002"));

        await _grid.Placement("p1").Cancel();

        await Eventually(async () => await _grid.Case("V0000002").Get() is null);
    }

    [Fact]
    public async Task A_household_with_an_open_transfer_cannot_depart_until_the_transfer_is_cancelled()
    {
        await ResidentOfAzcAWithTransferHeldAtAzcB();

        var refusal = await Assert.ThrowsAsync<GridConflictException>(() => _grid.Case("V-p1").Depart(DepartureReason.Housed));
        Assert.Contains("t1", refusal.Message);

        await _grid.Placement("t1").Cancel();
        var departed = await _grid.Case("V-p1").Depart(DepartureReason.Housed);

        Assert.Equal(CaseStatus.Departed, departed.Status);
        Assert.Equal((0, 0), ((await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Occupied, (await _grid.Location("AZC-B").GetDetail()).Summary.Beds.Held));
    }

    [Fact]
    public async Task A_household_with_an_open_transfer_keeps_its_phase_until_the_transfer_is_settled()
    {
        await ResidentOfAzcAWithTransferHeldAtAzcB();

        var refusal = await Assert.ThrowsAsync<GridConflictException>(() => _grid.Case("V-p1").ChangePhase(Phase.PermitHolder, "Assen"));
        Assert.Contains("t1", refusal.Message);

        await _grid.Placement("t1").Confirm();
        var changed = await _grid.Case("V-p1").ChangePhase(Phase.PermitHolder, "Assen");

        Assert.Equal((Phase.PermitHolder, "AZC-B"), (changed.Phase, changed.LocationCode));
        Assert.Equal(1, (await _grid.Location("AZC-B").GetDetail()).Summary.PermitHolders);
    }

    [Fact]
    public async Task Retrying_a_transfer_after_the_household_arrived_returns_the_same_transfer()
    {
        await ResidentOfAzcAWithTransferHeldAtAzcB();
        await _grid.Placement("t1").Confirm();

        var retry = await _grid.Placement("t1").Transfer("V-p1", new TransferRequest("t1"));

        Assert.True(retry.IsRepeat);
        Assert.Equal((PlacementStatus.Confirmed, "AZC-B"), (retry.Placement.Status, retry.Placement.LocationCode));
    }

    [Fact]
    public async Task Reusing_a_transfer_id_to_ask_for_another_phase_or_municipality_is_a_conflict()
    {
        await ResidentOfAzcAWithTransferHeldAtAzcB();

        await Assert.ThrowsAsync<GridConflictException>(() => _grid.Placement("t1").Transfer("V-p1", new TransferRequest("t1", Phase.PermitHolder)));
        await Assert.ThrowsAsync<GridConflictException>(() => _grid.Placement("t1").Transfer("V-p1", new TransferRequest("t1", LinkedMunicipality: "Utrecht")));
        Assert.True((await _grid.Placement("t1").Transfer("V-p1", new TransferRequest("t1"))).IsRepeat);
    }

    [Fact]
    public async Task An_intake_request_for_a_resident_household_is_refused_because_moving_it_is_a_transfer()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan));
        await _grid.Placement("p1").Confirm();

        var refusal = await Assert.ThrowsAsync<GridConflictException>(() => _grid.Request(Request("p2", SingleMan, caseReference: "V-p1")));

        Assert.Contains("transfer", refusal.Message);
        var resident = await _grid.Case("V-p1").Get();
        Assert.Equal((CaseStatus.Resident, "AZC-A", 1), (resident!.Status, resident.LocationCode, resident.Moves));
        Assert.Equal((1, 0), ((await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Occupied, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Held));
    }

    [Fact]
    public async Task A_departure_frees_the_households_beds()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.Families, rooms: 1, roomSize: 4));
        await _grid.Request(Request("p1", Family(3)));
        await _grid.Placement("p1").Confirm();

        var departed = await _grid.Case("V-p1").Depart(DepartureReason.Housed);

        Assert.Equal(CaseStatus.Departed, departed.Status);
        Assert.Equal(4, (await _grid.Location("AZC-A").GetDetail()).Summary.Beds.Available);
    }

    [Fact]
    public async Task Concurrent_requests_for_the_last_ten_beds_hold_exactly_those_beds_and_everyone_else_waits()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 5, roomSize: 2));

        var views = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => _grid.Request(Request($"p{i}", SingleMan)))));

        var held = views.Where(v => v.Status == PlacementStatus.Held).ToArray();
        Assert.Equal(10, held.Length);
        Assert.Equal(10, held.SelectMany(v => v.BedIds).Distinct().Count());
        Assert.Equal(990, views.Count(v => v.Status == PlacementStatus.Waiting));
        var queue = await _grid.Waiting();
        Assert.Equal(990, queue.Count);
        Assert.Equal(views.Where(v => v.Status == PlacementStatus.Waiting).Select(v => v.PlacementId).Order(), queue.Select(w => w.PlacementId).Order());
        var beds = (await _grid.Location("AZC-A").GetDetail()).Beds;
        Assert.All(beds, b => Assert.Equal(BedStatus.Held, b.Status));
        Assert.Equal(held.Select(v => v.PlacementId).Order(), beds.Select(b => b.Hold!.PlacementId).Order());
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            await Task.Delay(5);
        }
    }

    /// <summary>Case V-p1 lives in AZC-A's only bed; transfer t1 holds AZC-B's only bed for it.</summary>
    private async Task ResidentOfAzcAWithTransferHeldAtAzcB()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Request(Request("p1", SingleMan));
        await _grid.Placement("p1").Confirm();
        await Register(_grid, Profile("AZC-B"), Rooms(BedGroup.SingleMen, rooms: 1, roomSize: 1));
        await _grid.Placement("t1").Transfer("V-p1", new TransferRequest("t1"));
    }
}
