namespace Beddengrid.Storage.Tests;

/// <summary>
/// What every <see cref="IGrainStorage"/> must do, whatever it stores to. Each test uses a grain type of its own, so
/// tests never see each other's records even when they share one store.
/// </summary>
public abstract class GrainStorageConformance
{
    private const string StateName = "bed";
    private readonly string _grainType = $"BedGrain{Guid.NewGuid():N}";

    protected abstract IGrainStorage Storage { get; }

    /// <summary>The largest serialized state the provider under test accepts.</summary>
    protected abstract int MaxStateBytes { get; }

    [Fact]
    public async Task Reading_a_missing_record_reports_no_record_and_no_etag()
    {
        var state = new GrainState<BedState>(new BedState()) { ETag = "left over", RecordExists = true };

        await Storage.ReadStateAsync(StateName, Bed("LOC1/bed-1"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Written_state_reads_back_with_the_etag_the_write_returned()
    {
        var grainId = Bed("LOC1/bed #3?\\");
        var written = new GrainState<BedState>(new BedState { Status = "Occupied", Occupant = "case-42", Beds = [1, 2] });

        await Storage.WriteStateAsync(StateName, grainId, written);
        var read = await ReadAsync(grainId);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("Occupied", read.State.Status);
        Assert.Equal("case-42", read.State.Occupant);
        Assert.Equal([1, 2], read.State.Beds);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_rejected_and_keeps_the_newer_state()
    {
        var grainId = Bed("LOC1/bed-1");
        var first = await WriteNewAsync(grainId, "Free");
        var stale = new GrainState<BedState>(new BedState { Status = "Blocked" }) { ETag = first.ETag, RecordExists = true };
        first.State = new BedState { Status = "Occupied" };
        await Storage.WriteStateAsync(StateName, grainId, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, stale));

        var read = await ReadAsync(grainId);
        Assert.Equal("Occupied", read.State.Status);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task First_write_where_a_record_already_exists_is_rejected()
    {
        var grainId = Bed("LOC1/bed-1");
        await WriteNewAsync(grainId, "Free");

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteNewAsync(grainId, "Occupied"));

        Assert.Equal("Free", (await ReadAsync(grainId)).State.Status);
    }

    [Fact]
    public async Task Cleared_state_reads_as_missing()
    {
        var grainId = Bed("LOC1/bed-1");
        var state = await WriteNewAsync(grainId, "Free");

        await Storage.ClearStateAsync(StateName, grainId, state);
        var read = await ReadAsync(grainId);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task State_written_again_after_a_clear_is_stored_as_a_new_record()
    {
        var grainId = Bed("LOC1/bed-1");
        var state = await WriteNewAsync(grainId, "Free");
        await Storage.ClearStateAsync(StateName, grainId, state);

        state.State = new BedState { Status = "Occupied" };
        await Storage.WriteStateAsync(StateName, grainId, state);

        var read = await ReadAsync(grainId);
        Assert.Equal("Occupied", read.State.Status);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_rejected_and_keeps_the_record()
    {
        var grainId = Bed("LOC1/bed-1");
        var state = await WriteNewAsync(grainId, "Free");
        var staleEtag = state.ETag;
        await Storage.WriteStateAsync(StateName, grainId, state);

        var stale = new GrainState<BedState>(new BedState()) { ETag = staleEtag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, stale));

        Assert.Equal(state.ETag, (await ReadAsync(grainId)).ETag);
    }

    [Fact]
    public async Task Clear_without_an_etag_while_a_record_exists_is_rejected()
    {
        var grainId = Bed("LOC1/bed-1");
        await WriteNewAsync(grainId, "Free");

        var unaware = new GrainState<BedState>(new BedState());
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, unaware));

        Assert.True((await ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public async Task Clear_with_the_etag_of_a_record_another_writer_removed_is_rejected()
    {
        var grainId = Bed("LOC1/bed-1");
        var state = await WriteNewAsync(grainId, "Free");
        var other = new GrainState<BedState>(new BedState()) { ETag = state.ETag, RecordExists = true };
        await Storage.ClearStateAsync(StateName, grainId, other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, state));
    }

    [Fact]
    public async Task Clear_of_a_record_that_was_never_written_succeeds()
    {
        var state = new GrainState<BedState>(new BedState());

        await Storage.ClearStateAsync(StateName, Bed("LOC1/bed-1"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task State_of_exactly_the_size_limit_round_trips_through_insert_and_update()
    {
        var grainId = Bed("LOC1/bed-1");
        var state = new GrainState<BedState>(StateOfSerializedSize(MaxStateBytes, 'a'));

        await Storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal(state.State.Notes, (await ReadAsync(grainId)).State.Notes);

        state.State = StateOfSerializedSize(MaxStateBytes, 'b');
        await Storage.WriteStateAsync(StateName, grainId, state);
        var read = await ReadAsync(grainId);
        Assert.Equal(state.State.Notes, read.State.Notes);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task State_one_byte_over_the_size_limit_is_refused_and_nothing_is_stored()
    {
        var grainId = Bed("LOC1/bed-1");
        var state = new GrainState<BedState>(StateOfSerializedSize(MaxStateBytes + 1, 'a'));

        var refused = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => Storage.WriteStateAsync(StateName, grainId, state));

        Assert.Contains(grainId.ToString(), refused.Message);
        Assert.Contains((MaxStateBytes + 1).ToString(), refused.Message);
        Assert.False((await ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public async Task Two_hundred_concurrent_writers_to_different_grains_are_all_acknowledged_and_readable()
    {
        var grainIds = Enumerable.Range(0, 200).Select(i => Bed($"LOC{i % 7}/bed-{i}")).ToArray();

        var states = await Task.WhenAll(grainIds.Select(grainId => WriteNewAsync(grainId, $"written {grainId.Key}")));

        Assert.All(states, state => Assert.NotNull(state.ETag));
        var reads = await Task.WhenAll(grainIds.Select(ReadAsync));
        Assert.Equal(grainIds.Select(id => $"written {id.Key}"), reads.Select(read => read.State.Status));
        Assert.Equal(states.Select(state => state.ETag), reads.Select(read => read.ETag));
    }

    [Fact]
    public async Task Partition_read_returns_exactly_the_grains_of_that_partition_type_and_state_name()
    {
        var inPartition = new[] { Bed("LOC1/bed-1"), Bed("LOC1/bed-2"), Bed("LOC1/bed #3") };
        var written = new Dictionary<GrainId, string?>();
        foreach (var grainId in inPartition)
        {
            written[grainId] = (await WriteNewAsync(grainId, grainId.Key)).ETag;
        }
        await WriteNewAsync(Bed("LOC2/bed-1"), "other partition");
        await WriteNewAsync(Bed("LOC10/bed-1"), "partition with the same prefix");
        await Storage.WriteStateAsync("bedHistory", Bed("LOC1/bed-1"), new GrainState<BedState>(new BedState { Status = "other state name" }));
        await Storage.WriteStateAsync(StateName, new GrainId(_grainType + "X", "LOC1/bed-1"), new GrainState<BedState>(new BedState { Status = "other grain type" }));

        var read = new List<(GrainId GrainId, IGrainState<BedState> State)>();
        await foreach (var entry in Storage.ReadPartitionAsync<BedState>(StateName, _grainType, "LOC1"))
        {
            read.Add(entry);
        }

        Assert.Equal(inPartition.OrderBy(id => id.Key), read.Select(entry => entry.GrainId).OrderBy(id => id.Key));
        Assert.All(read, entry =>
        {
            Assert.True(entry.State.RecordExists);
            Assert.Equal(entry.GrainId.Key, entry.State.State.Status);
            Assert.Equal(written[entry.GrainId], entry.State.ETag);
        });
    }

    [Fact]
    public async Task Etag_from_a_partition_read_allows_the_next_write()
    {
        var grainId = Bed("LOC1/bed-1");
        await WriteNewAsync(grainId, "Free");

        var (_, state) = await Storage.ReadPartitionAsync<BedState>(StateName, _grainType, "LOC1").SingleAsync();
        state.State = new BedState { Status = "Occupied" };
        await Storage.WriteStateAsync(StateName, grainId, state);

        Assert.Equal("Occupied", (await ReadAsync(grainId)).State.Status);
    }

    private GrainId Bed(string key) => new(_grainType, key);

    private async Task<GrainState<BedState>> WriteNewAsync(GrainId grainId, string status)
    {
        var state = new GrainState<BedState>(new BedState { Status = status });
        await Storage.WriteStateAsync(StateName, grainId, state);
        return state;
    }

    private async Task<GrainState<BedState>> ReadAsync(GrainId grainId)
    {
        var state = new GrainState<BedState>(new BedState());
        await Storage.ReadStateAsync(StateName, grainId, state);
        return state;
    }

    private static BedState StateOfSerializedSize(int bytes, char filler)
    {
        var overhead = GrainStateSerializer.Serialize(new BedState { Notes = "" }).Length;
        var state = new BedState { Notes = new string(filler, bytes - overhead) };
        Assert.Equal(bytes, GrainStateSerializer.Serialize(state).Length);
        return state;
    }
}

public sealed class BedState
{
    public string Status { get; set; } = "Free";
    public string? Occupant { get; set; }
    public int[] Beds { get; set; } = [];
    public string Notes { get; set; } = "";
}
