using Beddengrid.Runtime;
using Beddengrid.Testing;

namespace Beddengrid.Grains.Tests;

/// <summary>What every durable audit log must do, whichever store keeps it.</summary>
public abstract class AuditLogConformance
{
    protected static readonly DateTimeOffset Start = new(2024, 1, 10, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A log on a fresh store; <see cref="Reopen"/> gives a log on the same store, as after a restart.</summary>
    protected abstract Task<IAuditLog> Open();

    protected abstract Task<IAuditLog> Reopen();

    [Fact]
    public async Task Appended_entries_survive_a_reopen_and_are_found_by_case_location_and_time()
    {
        var log = await Open();
        await Task.WhenAll(
            log.AppendAsync(new AuditEntry(Start, "intake", "bed", "AZC001/U1-R1-B1", "held", "p1", "V1", null)),
            log.AppendAsync(new AuditEntry(Start.AddMinutes(5), "intake", "placement", "p1", "confirmed", "p1", "V1", "AZC001")),
            log.AppendAsync(new AuditEntry(Start.AddHours(2), "desk", "location", "AZC002", "lifecycle", null, null, "Open -> Closing")));

        var reopened = await Reopen();

        Assert.Equal(["held", "confirmed"], (await reopened.ForCaseAsync("V1")).Select(e => e.Event));
        Assert.Equal(["held"], (await reopened.ForLocationAsync("AZC001")).Select(e => e.Event));
        Assert.Equal(["lifecycle"], (await reopened.BetweenAsync(Start.AddHours(1), Start.AddHours(3))).Select(e => e.Event));
        Assert.Equal("desk", (await reopened.ForLocationAsync("AZC002")).Single().Actor);
    }
}

public sealed class SqliteAuditLogTests : AuditLogConformance, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("beddengrid-audit-").FullName;
    private readonly List<IAsyncDisposable> _opened = [];

    private SqliteStorageOptions Options => new() { DataFolder = _folder };

    protected override Task<IAuditLog> Open() => Task.FromResult<IAuditLog>(OpenSqlite());

    protected override async Task<IAuditLog> Reopen()
    {
        await CloseAll();
        return await Open();
    }

    [Fact]
    public async Task Queries_find_entries_the_index_holds_and_those_appended_after_it_caught_up_once_each_in_order()
    {
        var log = OpenSqlite();
        await log.AppendAsync(new AuditEntry(Start, "intake", "bed", "AZC001/U1-R1-B1", "held", "p1", "V1", null));
        await IndexedThrough(log, 1);

        await log.AppendAsync(new AuditEntry(Start.AddMinutes(1), "intake", "bed", "AZC001/U1-R1-B1", "occupied", "p1", "V1", null));
        await log.AppendAsync(new AuditEntry(Start.AddMinutes(2), "system", "case", "V1", "arrived", "p1", "V1", "AZC001"));

        Assert.Equal(["held", "occupied", "arrived"], (await log.ForCaseAsync("V1")).Select(e => e.Event));
        Assert.Equal(["held", "occupied"], (await log.BetweenAsync(Start, Start.AddMinutes(2))).Select(e => e.Event));
        await IndexedThrough(log, 3);
        Assert.Equal(["held", "occupied", "arrived"], (await log.ForCaseAsync("V1")).Select(e => e.Event));
    }

    [Fact]
    public async Task A_lost_index_file_is_rebuilt_from_the_log_and_answers_the_same()
    {
        var log = OpenSqlite();
        for (var i = 0; i < 50; i++)
        {
            await log.AppendAsync(new AuditEntry(Start.AddMinutes(i), "desk", "location", $"AZC00{i % 5}", $"event {i}", null, null, null));
        }
        await IndexedThrough(log, 50);
        await CloseAll();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_folder, Path.GetFileName(SqliteAuditLog.IndexFilePath(Options.FilePath)) + "*"))
        {
            File.Delete(file);
        }

        var reopened = OpenSqlite();
        await IndexedThrough(reopened, 50);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"event {i * 5 + 3}"), (await reopened.ForLocationAsync("AZC003")).Select(e => e.Event));
    }

    [Fact]
    public async Task An_index_left_from_a_deleted_store_is_emptied_rather_than_trusted_for_the_new_log()
    {
        var old = OpenSqlite();
        for (var i = 0; i < 20; i++)
        {
            await old.AppendAsync(new AuditEntry(Start.AddMinutes(i), "intake", "bed", $"AZC001/U1-R1-B{i}", "held", $"p{i}", "V-old", null));
        }
        await IndexedThrough(old, 20);
        await CloseAll();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_folder, Path.GetFileName(Options.FilePath) + "*"))
        {
            File.Delete(file);
        }

        var fresh = OpenSqlite();
        await fresh.AppendAsync(new AuditEntry(Start.AddDays(1), "desk", "location", "AZC009", "lifecycle", null, null, null));

        Assert.Empty(await fresh.ForCaseAsync("V-old"));
        Assert.Equal(["lifecycle"], (await fresh.BetweenAsync(Start, Start.AddDays(2))).Select(e => e.Event));
        await IndexedThrough(fresh, 1);
        Assert.Empty(await fresh.ForCaseAsync("V-old"));
        Assert.Equal(["lifecycle"], (await fresh.ForLocationAsync("AZC009")).Select(e => e.Event));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await CloseAll();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteAuditLog OpenSqlite()
    {
        var store = new SqliteGrainStorage(Options);
        var log = new SqliteAuditLog(store, Options.FilePath);
        _opened.Add(log);
        _opened.Add(store);
        return log;
    }

    private async Task CloseAll()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
        }
        _opened.Clear();
    }

    private static async Task IndexedThrough(SqliteAuditLog log, long entry)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (log.IndexedThrough < entry)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the audit index reached entry {log.IndexedThrough}, not {entry}, in 10 s");
            await Task.Delay(20);
        }
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableAuditLogTests(AzuriteFixture azurite) : AuditLogConformance
{
    private readonly string _table = $"audit{Guid.NewGuid():N}"[..20];

    protected override Task<IAuditLog> Open() => Reopen();

    protected override Task<IAuditLog> Reopen() => Task.FromResult<IAuditLog>(new AzureTableAuditLog(
        new AzureTableAppendLog(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString, TableName = _table }, _table)));
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
