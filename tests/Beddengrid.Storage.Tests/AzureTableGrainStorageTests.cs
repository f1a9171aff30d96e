using System.Net;

namespace Beddengrid.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableGrainStorageTests(AzuriteFixture azurite) : IDisposable
{
    private const string StateName = "bed";
    private const string TableName = "azuretabletests";
    private readonly string _grainType = $"BedGrain{Guid.NewGuid():N}";
    private readonly List<AzureTableGrainStorage> _stores = [];

    [Fact]
    public async Task Keys_with_characters_table_keys_forbid_round_trip_through_write_read_and_partition_read()
    {
        var storage = Store();
        var awkward = new GrainId(_grainType, "LOC'1~7C|x/bed #1?\\tab\there\u0001");
        var plain = new GrainId(_grainType, "LOC'1~7C|x/bed-2");
        var written = new GrainState<BedState>(new BedState { Status = "Occupied" });

        await storage.WriteStateAsync(StateName, awkward, written);
        await storage.WriteStateAsync(StateName, plain, new GrainState<BedState>(new BedState()));
        var read = new GrainState<BedState>(new BedState());
        await storage.ReadStateAsync(StateName, awkward, read);
        var partition = await storage.ReadPartitionAsync<BedState>(StateName, _grainType, awkward.Partition).ToListAsync();

        Assert.Equal("Occupied", read.State.Status);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(new[] { awkward, plain }.OrderBy(id => id.Key, StringComparer.Ordinal), partition.Select(entry => entry.GrainId).OrderBy(id => id.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Partition_read_follows_continuation_tokens_past_the_services_page_size()
    {
        var storage = Store();
        const int beds = 1_050; // Azurite, like the service, returns at most 1,000 entities per page.
        var grainIds = Enumerable.Range(0, beds).Select(i => new GrainId(_grainType, $"LOC1/bed-{i}")).ToArray();
        foreach (var chunk in grainIds.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(grainId => storage.WriteStateAsync(StateName, grainId, new GrainState<BedState>(new BedState()))));
        }

        var read = await storage.ReadPartitionAsync<BedState>(StateName, _grainType, "LOC1").ToListAsync();

        Assert.Equal(grainIds.Select(id => id.Key).Order(), read.Select(entry => entry.GrainId.Key).Order());
    }

    [Fact]
    public async Task Entity_the_service_refuses_as_too_large_raises_state_too_large()
    {
        var storage = Store(maxStateBytes: GrainStateEntity.MaxDataBytes);
        var grainId = new GrainId(_grainType, "LOC1/bed-1");
        var state = new GrainState<BedState>(new BedState());
        await storage.WriteStateAsync(StateName, grainId, state);

        // Azurite checks an update's JSON body, base64 and all, against 1 MiB: 960 KiB of state is over that there.
        state.State = new BedState { Notes = new string('x', GrainStateEntity.MaxDataBytes - 200) };
        var refused = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => storage.WriteStateAsync(StateName, grainId, state));

        Assert.Contains(grainId.ToString(), refused.Message);
        Assert.Contains("EntityTooLarge", refused.Message);
    }

    [Fact]
    public async Task Request_signed_with_the_wrong_account_key_is_refused_by_the_service_and_is_no_conflict()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var storage = Store(connectionString: $"AccountName=devstoreaccount1;AccountKey={wrongKey};TableEndpoint=http://127.0.0.1:{azurite.Port}/devstoreaccount1");

        var refused = await Assert.ThrowsAsync<TableServiceException>(() =>
            storage.ReadStateAsync(StateName, new GrainId(_grainType, "LOC1/bed-1"), new GrainState<BedState>(new BedState())));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    private AzureTableGrainStorage Store(int? maxStateBytes = null, string? connectionString = null)
    {
        var options = new AzureTableStorageOptions { ConnectionString = connectionString ?? azurite.ConnectionString, TableName = TableName };
        var store = new AzureTableGrainStorage(maxStateBytes is { } max ? options with { MaxStateBytes = max } : options, azurite.HttpClient);
        _stores.Add(store);
        return store;
    }
}
