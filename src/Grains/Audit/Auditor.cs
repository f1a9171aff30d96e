using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>Writes audit entries stamped with the grid's clock and the acting role carried in the request context.</summary>
public sealed class Auditor(IAuditLog log, TimeProvider clock)
{
    public const string ActorKey = "actor";
    private const string SystemActor = "system";

    public DateTimeOffset Now => clock.GetUtcNow();

    public Task Record(string subject, string subjectKey, string @event, string? placementId = null, string? caseReference = null, string? detail = null) =>
        log.AppendAsync(new AuditEntry(clock.GetUtcNow(), RequestContext.Get(ActorKey) as string ?? SystemActor, subject, subjectKey, @event, placementId, caseReference, detail));
}
