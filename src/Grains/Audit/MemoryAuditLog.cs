namespace Beddengrid.Grains;

/// <summary>The audit log of the memory store: an append-only list for tests and load-test sandboxes.</summary>
public sealed class MemoryAuditLog : IAuditLog
{
    private readonly List<AuditEntry> _entries = [];

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

    public void Append(AuditEntry entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    public IReadOnlyList<AuditEntry> ForCase(string caseReference) => Where(e => e.CaseReference == caseReference);

    public IReadOnlyList<AuditEntry> ForLocation(string locationCode) => Where(e => e.LocationCode == locationCode);

    public IReadOnlyList<AuditEntry> Between(DateTimeOffset from, DateTimeOffset to) => Where(e => e.At >= from && e.At < to);

    private AuditEntry[] Where(Func<AuditEntry, bool> predicate)
    {
        lock (_entries)
        {
            return _entries.Where(predicate).ToArray();
        }
    }
}
