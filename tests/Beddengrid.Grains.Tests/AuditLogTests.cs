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
    private readonly List<SqliteGrainStorage> _stores = [];

    private SqliteStorageOptions Options => new() { DataFolder = _folder };

    protected override Task<IAuditLog> Open()
    {
        var store = new SqliteGrainStorage(Options);
        _stores.Add(store);
        return Task.FromResult<IAuditLog>(new SqliteAuditLog(store, Options.FilePath));
    }

    protected override async Task<IAuditLog> Reopen()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        return await Open();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
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
