using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>Writes audit entries stamped with the grid's clock and the acting role carried in the request context.</summary>
public sealed class Auditor(IAuditLog log, TimeProvider clock)
{
    public const string ActorKey = "actor";
    private const string SystemActor = "system";

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Stores <paramref name="state"/> and appends the entry for the transition that changed it at the same time: a grain
    /// call waits for one commit, not two in a row. On SQLite both go into the same transaction all or nothing, so a
    /// failed commit or a stale ETag found at commit loses both. A write the store refuses as it is called (this silo
    /// lost its lease, the state is too large, the memory store sees a stale ETag) records nothing. On Azure the two are
    /// separate requests: an entry can commit while its write is refused; the call fails and the grain reloads.
    /// </summary>
    public Task Store<T>(IPersistentState<T> state, string subject, string subjectKey, string @event, string? placementId = null, string? caseReference = null, string? detail = null)
        where T : new()
    {
        Task write, entry;
        using (log.Together())
        {
            write = state.WriteStateAsync();
            entry = Record(subject, subjectKey, @event, placementId, caseReference, detail);
        }
        return Task.WhenAll(write, entry);
    }

    public Task Record(string subject, string subjectKey, string @event, string? placementId = null, string? caseReference = null, string? detail = null) =>
        log.AppendAsync(new AuditEntry(clock.GetUtcNow(), RequestContext.Get(ActorKey) as string ?? SystemActor, subject, subjectKey, @event, placementId, caseReference, detail));
}
