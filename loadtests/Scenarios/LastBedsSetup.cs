using Beddengrid.Grains;
using Beddengrid.LoadTests.Targets;

namespace Beddengrid.LoadTests.Scenarios;

/// <summary>
/// Leaves only a handful of fitting beds in the whole grid, the way the desk would by closing capacity: every free bed
/// is closed except <see cref="LastBedsSpec.FreeBeds"/> single-men beds at one location. Many concurrent requests then
/// race for them; the audit proves no bed went to two households.
/// </summary>
public sealed class LastBedsSetup(LastBedsSpec spec)
{
    private static readonly Closure DeskClosure = new(ClosureReason.StaffShortage, null);

    public async Task<IReadOnlyList<string>> ApplyAsync(IDeskOperations desk)
    {
        var kept = 0;
        var closed = 0;
        foreach (var code in await desk.LocationCodes())
        {
            var free = (await desk.Location(code)).Beds.Where(b => b.Status == BedStatus.Available).ToList();
            var keep = code == spec.Location
                ? free.Where(b => b.Definition.Group == BedGroup.SingleMen).Take(spec.FreeBeds).Select(b => b.Definition.BedId).ToHashSet(StringComparer.Ordinal)
                : [];
            kept += keep.Count;
            var toClose = free.Select(b => b.Definition.BedId).Where(id => !keep.Contains(id)).ToArray();
            if (toClose.Length > 0)
            {
                closed += (await desk.CloseBeds(code, new BedSelection(toClose), DeskClosure)).Changed;
            }
        }
        if (kept < spec.FreeBeds)
        {
            throw new InvalidOperationException($"Location {spec.Location} has only {kept} free single-men beds; the scenario asks to keep {spec.FreeBeds}.");
        }
        return [$"Closed {closed:N0} free beds; left {kept} free single-men beds at {spec.Location}."];
    }
}
