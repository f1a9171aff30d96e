namespace Beddengrid.Grains;

/// <summary>
/// One state transition, kept append-only: who acted (a role, never a person's name), when, on what, and the
/// placement and case it concerned.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string Subject,
    string SubjectKey,
    string Event,
    string? PlacementId,
    string? CaseReference,
    string? Detail)
{
    /// <summary>The location a subject belongs to: beds are keyed "location/bed".</summary>
    public string? LocationCode => Subject switch
    {
        "location" => SubjectKey,
        "bed" => SubjectKey[..SubjectKey.IndexOf('/')],
        _ => null,
    };
}

public interface IAuditLog
{
    /// <summary>Completes once the entry is as durable as the store that keeps it.</summary>
    Task AppendAsync(AuditEntry entry);

    /// <summary>
    /// Until disposed, a state write and an entry started on this thread are stored together where the store can make
    /// them one transaction (SQLite keeps both in one file); elsewhere they are two operations, as without it.
    /// </summary>
    IDisposable Together() => NoScope.Instance;

    Task<IReadOnlyList<AuditEntry>> ForCaseAsync(string caseReference);

    Task<IReadOnlyList<AuditEntry>> ForLocationAsync(string locationCode);

    Task<IReadOnlyList<AuditEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to);
}

/// <summary>The scope of a store that has nothing to group.</summary>
internal sealed class NoScope : IDisposable
{
    public static readonly NoScope Instance = new();

    public void Dispose()
    {
    }
}
