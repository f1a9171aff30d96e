using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>Writes audit entries stamped with the grid's clock and the acting role carried in the request context.</summary>
public sealed class Auditor(IAuditLog log, TimeProvider clock)
{
    public const string ActorKey = "actor";
    private const string SystemActor = "system";

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Stores <paramref name="state"/> and appends the entry for the transition that changed it at the same time, so that
    /// a durable store takes both into one group commit instead of committing them one after the other: a grain call
    /// waits for half the commits. A write the store refuses as it is called (this silo lost its lease, the state is too
    /// large, the memory store sees a stale ETag) records nothing. A write that fails later, at commit (a stale ETag, which
    /// needs a second activation of the grain, or a failed transaction while the entry went into another), can leave the
    /// entry without its write; the failure fails the call, and the grain reloads.
    /// </summary>
    public Task Store<T>(IPersistentState<T> state, string subject, string subjectKey, string @event, string? placementId = null, string? caseReference = null, string? detail = null)
        where T : new() =>
        Task.WhenAll(state.WriteStateAsync(), Record(subject, subjectKey, @event, placementId, caseReference, detail));

    public Task Record(string subject, string subjectKey, string @event, string? placementId = null, string? caseReference = null, string? detail = null) =>
        log.AppendAsync(new AuditEntry(clock.GetUtcNow(), RequestContext.Get(ActorKey) as string ?? SystemActor, subject, subjectKey, @event, placementId, caseReference, detail));
}
