using Beddengrid.Grains;
using Beddengrid.LoadTests.Targets;

namespace Beddengrid.LoadTests.Scenarios;

/// <summary>
/// Leaves only a handful of fitting beds in the whole grid, the way the desk would by closing capacity: every free bed
/// is closed except <see cref="LastBedsSpec.FreeBeds"/> single-men beds at open locations of the kinds asked for. Many
/// concurrent requests then race for them; the audit proves no bed went to two households.
/// </summary>
public sealed class LastBedsSetup(LastBedsSpec spec)
{
    private static readonly Closure DeskClosure = new(ClosureReason.StaffShortage, null);

    public async Task<IReadOnlyList<string>> ApplyAsync(IDeskOperations desk)
    {
        var details = new List<LocationDetail>();
        foreach (var code in await desk.LocationCodes())
        {
            details.Add(await desk.Location(code));
        }
        var keep = details
            .Where(d => d.Summary.AcceptsPlacements && spec.KeepAt.Contains(d.Summary.Profile.Kind)
                && PlacementPolicy.RestrictionsAllow(d.Summary.Profile.Restrictions, BedGroup.SingleMen))
            .SelectMany(d => d.Beds
                .Where(b => b.Status == BedStatus.Available && b.Definition.Group == BedGroup.SingleMen && b.Definition.Features == Needs.None)
                .Select(b => (d.Summary.Code, b.Definition.BedId)))
            .Take(spec.FreeBeds)
            .ToHashSet();
        if (keep.Count < spec.FreeBeds)
        {
            throw new InvalidOperationException($"The grid has only {keep.Count} free single-men beds at {string.Join("/", spec.KeepAt)} locations; the scenario asks to keep {spec.FreeBeds}.");
        }
        var closed = 0;
        foreach (var detail in details)
        {
            var code = detail.Summary.Code;
            var toClose = detail.Beds
                .Where(b => b.Status == BedStatus.Available && !keep.Contains((code, b.Definition.BedId)))
                .Select(b => b.Definition.BedId)
                .ToArray();
            if (toClose.Length > 0)
            {
                closed += (await desk.CloseBeds(code, new BedSelection(toClose), DeskClosure)).Changed;
            }
        }
        var at = string.Join(", ", keep.GroupBy(k => k.Code).Select(g => $"{g.Key} ({g.Count()})"));
        return [$"Closed {closed:N0} free beds; left {keep.Count} free single-men beds: {at}."];
    }
}
