using System.Globalization;
using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>
/// The audit log in the Azure Table store's account. A table is indexed by its keys only, so each entry is written
/// into one partition per question it must answer: its case, its location and its hour.
/// </summary>
public sealed class AzureTableAuditLog(AzureTableAppendLog table) : IAuditLog
{
    public Task AppendAsync(AuditEntry entry)
    {
        // Ticks first: rows of a partition come back in time order; the suffix keeps same-tick entries apart.
        var rowKey = $"{entry.At.UtcTicks:D19}-{Guid.NewGuid():N}";
        var properties = new Dictionary<string, string?>
        {
            ["At"] = entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            ["Actor"] = entry.Actor,
            ["Subject"] = entry.Subject,
            ["SubjectKey"] = entry.SubjectKey,
            ["Event"] = entry.Event,
            ["PlacementId"] = entry.PlacementId,
            ["CaseReference"] = entry.CaseReference,
            ["Detail"] = entry.Detail,
        };
        return Task.WhenAll(PartitionsOf(entry).Select(partition => table.AppendAsync(partition, rowKey, properties)));
    }

    public Task<IReadOnlyList<AuditEntry>> ForCaseAsync(string caseReference) => Read([CasePartition(caseReference)]);

    public Task<IReadOnlyList<AuditEntry>> ForLocationAsync(string locationCode) => Read([LocationPartition(locationCode)]);

    public async Task<IReadOnlyList<AuditEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var hours = new List<string>();
        for (var hour = Hour(from); hour < to; hour = hour.AddHours(1))
        {
            hours.Add(HourPartition(hour));
        }
        return [.. (await Read(hours)).Where(e => e.At >= from && e.At < to)];
    }

    private static IEnumerable<string> PartitionsOf(AuditEntry entry)
    {
        yield return HourPartition(entry.At);
        if (entry.CaseReference is { } caseReference)
        {
            yield return CasePartition(caseReference);
        }
        if (entry.LocationCode is { } locationCode)
        {
            yield return LocationPartition(locationCode);
        }
    }

    private async Task<IReadOnlyList<AuditEntry>> Read(IEnumerable<string> partitions)
    {
        var entries = new List<AuditEntry>();
        foreach (var partition in partitions)
        {
            await foreach (var row in table.ReadPartitionAsync(partition))
            {
                entries.Add(new AuditEntry(
                    new DateTimeOffset(long.Parse(row["At"]!, CultureInfo.InvariantCulture), TimeSpan.Zero),
                    row["Actor"]!, row["Subject"]!, row["SubjectKey"]!, row["Event"]!,
                    row.GetValueOrDefault("PlacementId"), row.GetValueOrDefault("CaseReference"), row.GetValueOrDefault("Detail")));
            }
        }
        return entries;
    }

    private static DateTimeOffset Hour(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, at.UtcDateTime.Day, at.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);

    private static string HourPartition(DateTimeOffset at) => $"time-{Hour(at):yyyyMMddHH}";

    // Case references and location codes are plain letters and digits; anything a key may not hold is replaced.
    private static string CasePartition(string caseReference) => $"case-{KeySafe(caseReference)}";

    private static string LocationPartition(string locationCode) => $"location-{KeySafe(locationCode)}";

    private static string KeySafe(string value) => string.Concat(value.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c));
}
