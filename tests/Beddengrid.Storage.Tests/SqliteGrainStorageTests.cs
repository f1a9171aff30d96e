using Microsoft.Data.Sqlite;

namespace Beddengrid.Storage.Tests;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private const string StateName = "bed";
    private readonly TempFolder _folder = new();

    private SqliteStorageOptions Options => new() { DataFolder = _folder.Path };

    [Fact]
    public async Task Acknowledged_write_is_readable_by_a_new_store_on_the_same_file_after_the_first_is_disposed()
    {
        var grainId = new GrainId("BedGrain", "LOC1/bed-1");
        var written = new GrainState<BedState>(new BedState { Status = "Occupied", Occupant = "case-7" });
        await using (var first = new SqliteGrainStorage(Options))
        {
            await first.WriteStateAsync(StateName, grainId, written);
        }

        await using var reopened = new SqliteGrainStorage(Options);
        var read = await ReadAsync(reopened, grainId);

        Assert.True(read.RecordExists);
        Assert.Equal("case-7", read.State.Occupant);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task Etags_stay_unique_across_a_restart_so_a_recreated_record_never_matches_an_old_etag()
    {
        var grainId = new GrainId("BedGrain", "LOC1/bed-1");
        var old = new GrainState<BedState>(new BedState());
        await using (var first = new SqliteGrainStorage(Options))
        {
            await first.WriteStateAsync(StateName, grainId, old);
            await first.ClearStateAsync(StateName, grainId, new GrainState<BedState>(new BedState()) { ETag = old.ETag });
        }

        await using var reopened = new SqliteGrainStorage(Options);
        var recreated = new GrainState<BedState>(new BedState());
        await reopened.WriteStateAsync(StateName, grainId, recreated);

        Assert.NotEqual(old.ETag, recreated.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => reopened.WriteStateAsync(StateName, grainId, old));
    }

    [Fact]
    public async Task Writes_queued_when_the_store_is_disposed_are_committed_before_it_closes()
    {
        var grainIds = Enumerable.Range(0, 100).Select(i => new GrainId("BedGrain", $"LOC1/bed-{i}")).ToArray();
        Task[] writes;
        await using (var first = new SqliteGrainStorage(Options))
        {
            writes = grainIds.Select(grainId => first.WriteStateAsync(StateName, grainId, new GrainState<BedState>(new BedState { Status = grainId.Key }))).ToArray();
        }

        await Task.WhenAll(writes);
        await using var reopened = new SqliteGrainStorage(Options);
        foreach (var grainId in grainIds)
        {
            Assert.Equal(grainId.Key, (await ReadAsync(reopened, grainId)).State.Status);
        }
    }

    [Fact]
    public async Task A_second_store_on_a_file_already_open_is_refused_naming_the_file_and_opens_once_the_first_is_closed()
    {
        var first = new SqliteGrainStorage(Options);

        var refused = Assert.Throws<IOException>(() => new SqliteGrainStorage(Options));
        Assert.Contains(Options.FilePath, refused.Message);

        await first.DisposeAsync();
        await using var second = new SqliteGrainStorage(Options);
        await second.WriteStateAsync(StateName, new GrainId("BedGrain", "LOC1/bed-1"), new GrainState<BedState>(new BedState()));
    }

    [Fact]
    public async Task Write_after_dispose_is_refused()
    {
        var storage = new SqliteGrainStorage(Options);
        await storage.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.WriteStateAsync(StateName, new GrainId("BedGrain", "LOC1/bed-1"), new GrainState<BedState>(new BedState())));
    }

    [Fact]
    public async Task Truncated_stored_data_raises_a_corrupt_state_error_naming_the_state_and_the_grain()
    {
        await using var storage = new SqliteGrainStorage(Options);
        var grainId = new GrainId("BedGrain", "LOC1/bed-1");
        await storage.WriteStateAsync(StateName, grainId, new GrainState<BedState>(new BedState { Status = "Occupied" }));
        ExecuteRaw("UPDATE grain_state SET data = CAST('{\"status\":\"Occ' AS BLOB)");

        var readError = await Assert.ThrowsAsync<GrainStateCorruptException>(() => ReadAsync(storage, grainId));
        var partitionError = await Assert.ThrowsAsync<GrainStateCorruptException>(async () =>
            await storage.ReadPartitionAsync<BedState>(StateName, grainId.Type, grainId.Partition).ToListAsync());

        Assert.All(new[] { readError, partitionError }, error =>
        {
            Assert.Contains(grainId.ToString(), error.Message);
            Assert.Contains($"'{StateName}'", error.Message);
        });
    }

    [Fact]
    public async Task Database_of_a_newer_schema_version_is_refused_at_open_naming_both_versions()
    {
        await (new SqliteGrainStorage(Options)).DisposeAsync();
        ExecuteRaw("UPDATE schema_version SET version = 2");

        var refused = Assert.Throws<StorageSchemaVersionException>(() => new SqliteGrainStorage(Options));

        Assert.Equal(2, refused.FoundVersion);
        Assert.Equal(1, refused.SupportedVersion);
        Assert.Contains("schema version 2", refused.Message);
        Assert.Contains("schema version 1", refused.Message);
        Assert.Contains(Options.FilePath, refused.Message);
    }

    [Fact]
    public async Task Concurrent_writes_are_group_committed_in_fewer_transactions_than_writes()
    {
        await using var storage = new SqliteGrainStorage(Options);
        var grainIds = Enumerable.Range(0, 1_000).Select(i => new GrainId("BedGrain", $"LOC{i % 10}/bed-{i}")).ToArray();
        var before = storage.TransactionsCommitted;

        await Task.WhenAll(grainIds.Select(grainId => storage.WriteStateAsync(StateName, grainId, new GrainState<BedState>(new BedState { Status = grainId.Key }))));

        Assert.InRange(storage.TransactionsCommitted - before, 1, 999);
        foreach (var grainId in grainIds)
        {
            Assert.Equal(grainId.Key, (await ReadAsync(storage, grainId)).State.Status);
        }
    }

    [Fact]
    public async Task Writes_started_together_share_one_transaction_even_where_the_batch_limit_would_split_them()
    {
        await using var storage = new SqliteGrainStorage(Options with { MaxBatchSize = 1 });
        var (bed, placement) = (new GrainId("BedGrain", "LOC1/bed-1"), new GrainId("PlacementGrain", "p-1"));
        var before = storage.TransactionsCommitted;

        Task first, second;
        using (storage.Together())
        {
            first = storage.WriteStateAsync(StateName, bed, new GrainState<BedState>(new BedState { Status = "held" }));
            second = storage.WriteStateAsync(StateName, placement, new GrainState<BedState>(new BedState { Status = "held" }));
        }
        await Task.WhenAll(first, second);

        Assert.Equal(1, storage.TransactionsCommitted - before);
        Assert.Equal("held", (await ReadAsync(storage, placement)).State.Status);
    }

    [Fact]
    public async Task Conflicting_write_fails_alone_while_the_writes_batched_with_it_commit()
    {
        await using var storage = new SqliteGrainStorage(Options);
        var contested = new GrainId("BedGrain", "LOC1/contested");
        await storage.WriteStateAsync(StateName, contested, new GrainState<BedState>(new BedState { Status = "first" }));
        var others = Enumerable.Range(0, 200).Select(i => new GrainId("BedGrain", $"LOC1/bed-{i}")).ToArray();
        var before = storage.TransactionsCommitted;

        var conflicting = storage.WriteStateAsync(StateName, contested, new GrainState<BedState>(new BedState { Status = "second" }));
        var rest = others.Select(grainId => storage.WriteStateAsync(StateName, grainId, new GrainState<BedState>(new BedState()))).ToArray();

        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        await Task.WhenAll(rest);
        Assert.True(storage.TransactionsCommitted - before < others.Length + 1, "the conflicting write should have shared a transaction with others");
        Assert.Equal("first", (await ReadAsync(storage, contested)).State.Status);
        Assert.All(await Task.WhenAll(others.Select(grainId => ReadAsync(storage, grainId))), read => Assert.True(read.RecordExists));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Group_with_a_write_refused_at_commit_stores_none_of_its_members_and_each_caller_learns_of_the_conflict(bool groupHasAnotherWrite)
    {
        await using var storage = new SqliteGrainStorage(Options);
        ExecuteRaw("CREATE TABLE notes (text TEXT NOT NULL)");
        var (placement, contested) = (new GrainId("PlacementGrain", "p-1"), new GrainId("BedGrain", "LOC1/contested"));
        var stale = new GrainState<BedState>(new BedState { Status = "available" });
        await storage.WriteStateAsync(StateName, contested, stale);
        await storage.WriteStateAsync(StateName, contested, new GrainState<BedState>(new BedState { Status = "closed" }) { ETag = stale.ETag });

        var members = new List<Task>();
        using (storage.Together())
        {
            if (groupHasAnotherWrite)
            {
                members.Add(storage.WriteStateAsync(StateName, placement, new GrainState<BedState>(new BedState { Status = "held" })));
            }
            members.Add(storage.WriteStateAsync(StateName, contested, new GrainState<BedState>(new BedState { Status = "held" }) { ETag = stale.ETag }));
            members.Add(storage.AppendAsync("INSERT INTO notes (text) VALUES ($p0)", "bed held"));
        }
        var neighbourId = new GrainId("BedGrain", "LOC1/bed-2");
        var neighbour = storage.WriteStateAsync(StateName, neighbourId, new GrainState<BedState>(new BedState { Status = "held" }));

        foreach (var member in members)
        {
            var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => member);
            Assert.Contains(contested.ToString(), refused.Message);
        }
        await neighbour;
        Assert.Equal("held", (await ReadAsync(storage, neighbourId)).State.Status);
        Assert.False((await ReadAsync(storage, placement)).RecordExists);
        Assert.Equal("closed", (await ReadAsync(storage, contested)).State.Status);
        Assert.Equal(0L, ExecuteRaw("SELECT count(*) FROM notes"));
    }

    [Fact]
    public void Options_without_a_data_folder_are_refused_naming_the_setting()
    {
        var refused = Assert.Throws<ArgumentException>(() => new SqliteGrainStorage(new SqliteStorageOptions { DataFolder = " " }));

        Assert.Equal(nameof(SqliteStorageOptions.DataFolder), refused.ParamName);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<GrainState<BedState>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<BedState>(new BedState());
        await storage.ReadStateAsync(StateName, grainId, state);
        return state;
    }

    private object? ExecuteRaw(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Options.FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
