using System.Diagnostics;
using System.Globalization;
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
        ExecuteRaw("UPDATE grain_log SET data = CAST('{\"status\":\"Occ' AS BLOB)");

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
        ExecuteRaw("UPDATE schema_version SET version = 3");

        var refused = Assert.Throws<StorageSchemaVersionException>(() => new SqliteGrainStorage(Options));

        Assert.Equal(3, refused.FoundVersion);
        Assert.Equal(2, refused.SupportedVersion);
        Assert.Contains("schema version 3", refused.Message);
        Assert.Contains("schema version 2", refused.Message);
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
    public async Task Writes_that_arrive_while_a_commit_runs_gather_for_the_commit_interval_and_commit_together()
    {
        var interval = TimeSpan.FromMilliseconds(400);
        await using var storage = new SqliteGrainStorage(Options with { MaxBatchSize = 100, CommitInterval = interval });
        var before = storage.TransactionsCommitted;
        var clock = Stopwatch.StartNew();

        // The first batch is at most the 100 writes queued before the last one, so the last is queued while it commits.
        var first = Enumerable.Range(0, 100).Select(i => storage.WriteStateAsync(StateName, new GrainId("BedGrain", $"LOC1/bed-{i}"), new GrainState<BedState>(new BedState()))).ToArray();
        await storage.WriteStateAsync(StateName, new GrainId("PlacementGrain", "p-late"), new GrainState<BedState>(new BedState { Status = "held" }));
        var lateCommitted = clock.Elapsed;
        await Task.WhenAll(first);

        Assert.True(lateCommitted >= interval, $"the late write committed after {lateCommitted.TotalMilliseconds} ms, before the interval of {interval.TotalMilliseconds} ms");
        Assert.Equal(2, storage.TransactionsCommitted - before);
    }

    [Fact]
    public async Task A_write_that_finds_the_writer_idle_commits_at_once_however_long_the_commit_interval()
    {
        await using var storage = new SqliteGrainStorage(Options with { CommitInterval = TimeSpan.FromSeconds(20) });
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 5; i++)
        {
            await storage.WriteStateAsync(StateName, new GrainId("BedGrain", $"LOC1/bed-{i}"), new GrainState<BedState>(new BedState()));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"five writes one after another took {clock.Elapsed.TotalSeconds} s");
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
    public async Task Compaction_keeps_the_log_within_three_rows_per_state_and_every_latest_version_readable_after_a_restart()
    {
        var options = Options with { LogSlackRows = 50 };
        var grainIds = Enumerable.Range(0, 40).Select(i => new GrainId("BedGrain", $"LOC{i % 4}/bed-{i}")).ToArray();
        var states = grainIds.ToDictionary(id => id, _ => new GrainState<BedState>(new BedState()));
        var cleared = grainIds[7];
        await using (var storage = new SqliteGrainStorage(options))
        {
            for (var round = 0; round < 50; round++)
            {
                await Task.WhenAll(grainIds.Select(id =>
                {
                    states[id].State = new BedState { Status = $"round {round}", Occupant = id.Key };
                    return storage.WriteStateAsync(StateName, id, states[id]);
                }));
                Assert.InRange(storage.Size.LogRows, 1, 3 * grainIds.Length + 50 + 2 * 2 * grainIds.Length);
            }
            await storage.ClearStateAsync(StateName, cleared, states[cleared]);
            await Task.WhenAll(grainIds.Where(id => id != cleared).Select(id => storage.WriteStateAsync(StateName, id, states[id])));
            Assert.Equal(grainIds.Length - 1, storage.Size.States);
        }

        await using var reopened = new SqliteGrainStorage(options);
        Assert.Equal(grainIds.Length - 1, reopened.Size.States);
        foreach (var id in grainIds.Where(id => id != cleared))
        {
            var read = await ReadAsync(reopened, id);
            Assert.Equal("round 49", read.State.Status);
            Assert.Equal(states[id].ETag, read.ETag);
        }
        Assert.False((await ReadAsync(reopened, cleared)).RecordExists);
        Assert.Equal(
            grainIds.Where(id => id.Partition == "LOC3" && id != cleared).Select(id => id.Key).Order(StringComparer.Ordinal),
            (await reopened.ReadPartitionAsync<BedState>(StateName, "BedGrain", "LOC3").ToListAsync()).Select(entry => entry.GrainId.Key));
    }

    [Fact]
    public async Task Readers_running_while_compaction_moves_rows_always_find_the_state_and_never_an_older_version_than_acknowledged()
    {
        var options = Options with { LogSlackRows = 0 };
        var grainIds = Enumerable.Range(0, 20).Select(i => new GrainId("BedGrain", $"LOC1/bed-{i}")).ToArray();
        await using var storage = new SqliteGrainStorage(options);
        var acknowledged = new int[grainIds.Length];
        await Task.WhenAll(grainIds.Select(id => storage.WriteStateAsync(StateName, id, new GrainState<BedState>(new BedState { Status = "0" }))));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var writer = Task.Run(async () =>
        {
            var states = grainIds.Select(_ => new GrainState<BedState>(new BedState())).ToArray();
            for (var i = 0; i < grainIds.Length; i++)
            {
                await storage.ReadStateAsync(StateName, grainIds[i], states[i]);
            }
            for (var round = 1; !stop.IsCancellationRequested; round++)
            {
                var index = round % grainIds.Length;
                states[index].State = new BedState { Status = round.ToString(CultureInfo.InvariantCulture) };
                await storage.WriteStateAsync(StateName, grainIds[index], states[index]);
                Volatile.Write(ref acknowledged[index], round);
            }
        });
        var reads = 0;
        while (!stop.IsCancellationRequested)
        {
            var index = reads++ % grainIds.Length;
            var before = Volatile.Read(ref acknowledged[index]);
            var read = await ReadAsync(storage, grainIds[index]);
            Assert.True(read.RecordExists);
            Assert.True(int.Parse(read.State.Status, CultureInfo.InvariantCulture) >= before, $"read {read.State.Status} after {before} was acknowledged");
        }
        await writer;

        Assert.True(storage.Size.LogRows < 3 * grainIds.Length + 2 * 64 + 64, $"the log holds {storage.Size.LogRows} rows for {grainIds.Length} states");
    }

    [Fact]
    public async Task A_database_of_schema_version_1_is_brought_up_to_date_keeping_every_state_and_its_etag()
    {
        ExecuteRaw("""
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            CREATE TABLE etag_sequence (last_etag INTEGER NOT NULL);
            CREATE TABLE grain_state (
                state_name TEXT NOT NULL, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, partition TEXT NOT NULL,
                etag INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (state_name, grain_type, grain_key)) WITHOUT ROWID;
            INSERT INTO schema_version (version) VALUES (1);
            INSERT INTO etag_sequence (last_etag) VALUES (12);
            INSERT INTO grain_state VALUES ('bed', 'BedGrain', 'LOC1/bed-1', 'LOC1', 12, CAST('{"status":"Occupied","occupant":"case-7"}' AS BLOB));
            INSERT INTO grain_state VALUES ('bed', 'BedGrain', 'LOC1/bed-2', 'LOC1', 5, CAST('{"status":"Available"}' AS BLOB));
            """);

        await using var storage = new SqliteGrainStorage(Options);
        var occupied = await ReadAsync(storage, new GrainId("BedGrain", "LOC1/bed-1"));
        var partition = await storage.ReadPartitionAsync<BedState>(StateName, "BedGrain", "LOC1").ToListAsync();
        occupied.State = new BedState { Status = "Available" };
        await storage.WriteStateAsync(StateName, new GrainId("BedGrain", "LOC1/bed-1"), occupied);

        Assert.Equal(["LOC1/bed-1", "LOC1/bed-2"], partition.Select(entry => entry.GrainId.Key));
        Assert.Equal("5", partition[1].State.ETag);
        Assert.Equal("13", occupied.ETag);
        Assert.Equal(2L, ExecuteRaw("SELECT version FROM schema_version"));
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
