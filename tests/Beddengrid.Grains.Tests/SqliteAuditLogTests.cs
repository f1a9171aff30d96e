using Beddengrid.Runtime;

namespace Beddengrid.Grains.Tests;

public sealed class SqliteAuditLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("beddengrid-audit-").FullName;
    private static readonly DateTimeOffset Start = new(2024, 1, 10, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Appended_entries_survive_a_reopen_and_are_found_by_case_location_and_time()
    {
        var options = new SqliteStorageOptions { DataFolder = _folder };
        await using (var store = new SqliteGrainStorage(options))
        {
            var log = new SqliteAuditLog(store, options.FilePath);
            await Task.WhenAll(
                log.AppendAsync(new AuditEntry(Start, "intake", "bed", "AZC001/U1-R1-B1", "held", "p1", "V1", null)),
                log.AppendAsync(new AuditEntry(Start.AddMinutes(5), "intake", "placement", "p1", "confirmed", "p1", "V1", "AZC001")),
                log.AppendAsync(new AuditEntry(Start.AddHours(2), "desk", "location", "AZC002", "lifecycle", null, null, "Open -> Closing")));
        }

        await using var reopened = new SqliteGrainStorage(options);
        var audit = new SqliteAuditLog(reopened, options.FilePath);

        Assert.Equal(["held", "confirmed"], (await audit.ForCaseAsync("V1")).Select(e => e.Event));
        Assert.Equal(["held"], (await audit.ForLocationAsync("AZC001")).Select(e => e.Event));
        Assert.Equal(["lifecycle"], (await audit.BetweenAsync(Start.AddHours(1), Start.AddHours(3))).Select(e => e.Event));
        Assert.Equal("desk", (await audit.ForLocationAsync("AZC002")).Single().Actor);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
