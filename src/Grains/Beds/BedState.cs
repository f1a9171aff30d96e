using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>The stored state of one bed. Its full history is in the audit log; the bed keeps its status and why.</summary>
[GrainStateJson(typeof(GridStateJsonContext))]
public sealed class BedState
{
    public BedDefinition? Definition { get; set; }
    public BedStatus Status { get; set; }
    public Hold? Hold { get; set; }
    public Occupancy? Occupant { get; set; }
    public Closure? Closure { get; set; }
    public ReserveTerms? Reserve { get; set; }

    /// <summary>When a reserve bed being activated comes into service.</summary>
    public DateTimeOffset? ActivatesAt { get; set; }

    public BedSnapshot ToSnapshot() =>
        new(Definition ?? throw new InvalidOperationException("A bed without a definition has no snapshot."), Status, Hold, Occupant, Closure, Reserve, ActivatesAt);
}

/// <summary>An immutable view of one bed, as the location's index and the API see it.</summary>
public sealed record BedSnapshot(
    BedDefinition Definition,
    BedStatus Status,
    Hold? Hold,
    Occupancy? Occupant,
    Closure? Closure,
    ReserveTerms? Reserve,
    DateTimeOffset? ActivatesAt);
