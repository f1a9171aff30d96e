using System.Text;
using System.Text.Json;
using Beddengrid.Runtime;
using static Beddengrid.Grains.Tests.TinyGrid;

namespace Beddengrid.Grains.Tests;

/// <summary>
/// The grid's states are serialized by generated code, and records written before it existed were written by reflection:
/// both must write the same JSON, or a store written by one would not read under the other.
/// </summary>
public class GrainStateJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Generated_and_reflection_serialization_write_the_same_json_for_every_grid_state()
    {
        var request = Request("p-1", Family(3), Phase.PermitHolder, Needs.Medical | Needs.Wheelchair) with { LinkedMunicipality = "Assen", AvoidLocation = "AZC-X", PriorMoves = 2 };
        var definition = new BedDefinition("U1-R1-B1", "U1", "R1", BedGroup.Families, Needs.Medical);

        AssertSameJson(new BedState { Definition = definition, Status = BedStatus.Held, Hold = new Hold("p-1", "V-1", At) });
        AssertSameJson(new BedState { Definition = definition, Status = BedStatus.Occupied, Occupant = new Occupancy("V-1", Phase.PermitHolder, At, 3) });
        AssertSameJson(new BedState { Definition = definition, Status = BedStatus.Closed, Closure = new Closure(ClosureReason.Maintenance, new DateOnly(2027, 1, 5)) });
        AssertSameJson(new BedState { Definition = definition, Status = BedStatus.Reserve, Reserve = new ReserveTerms(ReserveKind.FlexibleUse, 30, 6), ActivatesAt = At });
        AssertSameJson(new PlacementState { Request = request, Status = PlacementStatus.Held, RequestedAt = At, LocationCode = "AZC-A", BedIds = ["B1", "B2", "B3"], ExpiresAt = At.AddHours(4) });
        AssertSameJson(new PlacementState { Request = request, Status = PlacementStatus.Waiting, RequestedAt = At, WaitingReason = "No fitting bed is free." });
        AssertSameJson(new CaseState
        {
            Status = CaseStatus.Resident, Household = request.Household, Needs = request.Needs, Phase = Phase.PermitHolder, LinkedMunicipality = "Assen",
            LocationCode = "AZC-A", BedIds = ["B1"], Moves = 2, History = [new CaseEvent(At, "arrived", "AZC-A", "p-1")],
        });
        AssertSameJson(new LocationState { Profile = Profile("AZC-A", LocationKind.Azc, TargetGroupRestrictions.NoSingleMen, maxStay: 365), Lifecycle = Lifecycle.Closing });
        AssertSameJson(new LocationRegistryState { Codes = { "AZC-A", "TER" } });
        AssertSameJson(new WaitingQueueState { NextArrival = 42 });
        AssertSameJson(new WaitingEntry(request, 7, At, "No fitting location has a free Families bed with Medical, Wheelchair."));
    }

    [Fact]
    public void A_state_written_by_reflection_reads_back_through_the_generated_code()
    {
        var written = JsonSerializer.SerializeToUtf8Bytes(new PlacementState { Request = Request("p-2", SingleWoman), Status = PlacementStatus.Confirmed, RequestedAt = At }, GrainStateSerializer.Options);

        var read = GrainStateSerializer.Deserialize<PlacementState>(written, new GrainId("placement", "p-2"), "placement");

        Assert.Equal(PlacementStatus.Confirmed, read.Status);
        Assert.Equal(Request("p-2", SingleWoman), read.Request);
    }

    private static void AssertSameJson<T>(T state)
    {
        Assert.IsAssignableFrom<System.Text.Json.Serialization.JsonSerializerContext>(GrainStateSerializer.TypeInfoFor<T>().OriginatingResolver);
        Assert.Equal(
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(state, GrainStateSerializer.Options)),
            Encoding.UTF8.GetString(GrainStateSerializer.Serialize(state)));
    }
}
