namespace Beddengrid.Grains;

/// <summary>
/// The audit log of the memory store, for tests and load-test sandboxes. It keeps the most recent
/// <see cref="Capacity"/> entries so that a long load run cannot exhaust memory.
/// </summary>
public sealed class MemoryAuditLog : IAuditLog
{
    // Lock-free: every transition appends here, from every core at once.
    private readonly System.Collections.Concurrent.ConcurrentQueue<AuditEntry> _entries = new();

    public int Capacity { get; init; } = 100_000;

    public Task AppendAsync(AuditEntry entry)
    {
        _entries.Enqueue(entry);
        if (_entries.Count > Capacity)
        {
            _entries.TryDequeue(out _);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ForCaseAsync(string caseReference) => Where(e => e.CaseReference == caseReference);

    public Task<IReadOnlyList<AuditEntry>> ForLocationAsync(string locationCode) => Where(e => e.LocationCode == locationCode);

    public Task<IReadOnlyList<AuditEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to) => Where(e => e.At >= from && e.At < to);

    private Task<IReadOnlyList<AuditEntry>> Where(Func<AuditEntry, bool> predicate) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(_entries.Where(predicate).ToArray());
}
