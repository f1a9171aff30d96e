namespace Beddengrid.LoadTests.Workload;

/// <summary>
/// Pseudonymous case references ("L" + number, never a name) and placement ids, unique across every operation that
/// shares this sequence, so a warm-up and a measured phase against one grid never reuse an id.
/// </summary>
public sealed class IdentitySequence
{
    private long _case;
    private long _placement;

    public string NextCaseReference() => $"L{Interlocked.Increment(ref _case):D8}";

    public string NextPlacementId() => $"lt-{Interlocked.Increment(ref _placement):D8}";
}
