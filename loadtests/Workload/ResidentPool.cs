using System.Collections.Concurrent;
using Beddengrid.Grains;

namespace Beddengrid.LoadTests.Workload;

/// <summary>A resident the run may move or send away.</summary>
public sealed record Resident(string CaseReference, Phase Phase);

/// <summary>
/// Residents available for departures and transfers, oldest first. Taking a resident claims it, so no two operations
/// of one run ever act on the same case at once (their races would be the driver's bug, not the grid's).
/// </summary>
public sealed class ResidentPool
{
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, Resident> _available = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    public int Available => _available.Count;

    public void Add(Resident resident)
    {
        _known.TryAdd(resident.CaseReference, 0);
        if (_available.TryAdd(resident.CaseReference, resident))
        {
            _order.Enqueue(resident.CaseReference);
        }
    }

    /// <summary>Claims the longest-waiting available resident, if any.</summary>
    public bool TryTakeOldest(out Resident resident)
    {
        while (_order.TryDequeue(out var reference))
        {
            // Entries whose case was claimed by reference are stale: skip them.
            if (_available.TryRemove(reference, out resident!))
            {
                return true;
            }
        }
        resident = null!;
        return false;
    }

    /// <summary>
    /// Claims a specific case: true if it is available here, or was never handed to this pool (nobody else acts on
    /// it); false if another operation holds it or it has left.
    /// </summary>
    public bool TryClaim(string caseReference) =>
        _available.TryRemove(caseReference, out _) || !_known.ContainsKey(caseReference);
}
