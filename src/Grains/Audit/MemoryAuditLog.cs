namespace Beddengrid.Grains;

/// <summary>
/// The audit log of the memory store, for tests and load-test sandboxes. It keeps the most recent
/// <see cref="Capacity"/> entries so that a long load run cannot exhaust memory.
/// </summary>
public sealed class MemoryAuditLog : IAuditLog
{
    private readonly Queue<AuditEntry> _entries = new();

    public int Capacity { get; init; } = 100_000;

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    public Task AppendAsync(AuditEntry entry)
    {
        lock (_entries)
        {
            _entries.Enqueue(entry);
            if (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ForCaseAsync(string caseReference) => Where(e => e.CaseReference == caseReference);

    public Task<IReadOnlyList<AuditEntry>> ForLocationAsync(string locationCode) => Where(e => e.LocationCode == locationCode);

    public Task<IReadOnlyList<AuditEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to) => Where(e => e.At >= from && e.At < to);

    private Task<IReadOnlyList<AuditEntry>> Where(Func<AuditEntry, bool> predicate)
    {
        lock (_entries)
        {
            return Task.FromResult<IReadOnlyList<AuditEntry>>(_entries.Where(predicate).ToArray());
        }
    }
}
