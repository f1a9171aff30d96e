namespace Beddengrid.LoadTests.Workload;

/// <summary>
/// Pseudonymous case references and placement ids, unique across every operation that shares this sequence, so a
/// warm-up and a measured phase against one grid never reuse an id — and, through <see cref="RunTag"/>, unique across
/// runs against one long-lived silo, whose store still holds the ids of earlier runs (a reused placement id would be
/// answered idempotently with the old placement). A case reference is "L", the 5-digit run tag and a 7-digit number
/// (the API's pattern allows 4 to 12 digits, never a name).
/// </summary>
public sealed class IdentitySequence(int runTag)
{
    private const int MaxCases = 9_999_999;
    private long _case;
    private long _placement;

    /// <summary>A sequence tagged by the current second: distinct for runs started at different seconds within 27 hours of each other.</summary>
    public IdentitySequence()
        : this((int)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 100_000))
    {
    }

    public int RunTag { get; } = runTag is >= 0 and < 100_000
        ? runTag
        : throw new ArgumentOutOfRangeException(nameof(runTag), runTag, "A run tag has at most 5 digits.");

    public string NextCaseReference()
    {
        var next = Interlocked.Increment(ref _case);
        return next <= MaxCases
            ? $"L{RunTag:D5}{next:D7}"
            : throw new InvalidOperationException($"Run {RunTag} used all {MaxCases:N0} case references; bound the run with fewer arrivals.");
    }

    public string NextPlacementId() => $"lt-{RunTag:D5}-{Interlocked.Increment(ref _placement):D8}";
}
