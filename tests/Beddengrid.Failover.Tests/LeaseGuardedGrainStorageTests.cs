using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Beddengrid.Failover.Tests;

/// <summary>The write fence: what a silo without the lease may and may not do to grain state.</summary>
public sealed class LeaseGuardedGrainStorageTests : IAsyncLifetime
{
    private static readonly GrainId Counter = new("CounterGrain", "ter-apel");
    private static readonly SiloLeaseOptions Options = new() { Duration = TimeSpan.FromSeconds(15) };

    private readonly ManualTimeProvider _time = new();
    private readonly MemorySiloLease _row = new("test");
    private readonly MemoryGrainStorage _store = new();
    private readonly List<SiloLeaseKeeper> _keepers = [];

    [Fact]
    public async Task Writes_and_clears_through_the_active_silo_reach_the_store()
    {
        var guarded = new LeaseGuardedGrainStorage(_store, await StartKeeperAsync());
        var state = new GrainState<CounterState>(new CounterState { Value = 3 });

        await guarded.WriteStateAsync("counter", Counter, state);
        Assert.Equal(3, (await ReadStoredAsync()).State.Value);
        await guarded.ClearStateAsync("counter", Counter, state);

        Assert.False((await ReadStoredAsync()).RecordExists);
    }

    [Fact]
    public async Task Writes_and_clears_through_a_standby_are_refused_and_never_reach_the_store()
    {
        await StartKeeperAsync();
        var standby = new LeaseGuardedGrainStorage(_store, await StartKeeperAsync());
        var stored = new GrainState<CounterState>(new CounterState { Value = 1 });
        await _store.WriteStateAsync("counter", Counter, stored);

        var write = await Assert.ThrowsAsync<SiloNotActiveException>(() =>
            standby.WriteStateAsync("counter", Counter, new GrainState<CounterState>(new CounterState { Value = 2 }) { ETag = stored.ETag }));
        await Assert.ThrowsAsync<SiloNotActiveException>(() => standby.ClearStateAsync("counter", Counter, stored));

        Assert.Contains("refuses writes", write.Message);
        var after = await ReadStoredAsync();
        Assert.Equal(1, after.State.Value);
        Assert.Equal(stored.ETag, after.ETag);
    }

    [Fact]
    public async Task Reads_through_a_standby_see_the_stored_state()
    {
        await StartKeeperAsync();
        var standby = new LeaseGuardedGrainStorage(_store, await StartKeeperAsync());
        await _store.WriteStateAsync("counter", Counter, new GrainState<CounterState>(new CounterState { Value = 7 }));
        var read = new GrainState<CounterState>(new CounterState());

        await standby.ReadStateAsync("counter", Counter, read);
        var partition = await standby.ReadPartitionAsync<CounterState>("counter", Counter.Type, Counter.Partition).ToListAsync();

        Assert.Equal(7, read.State.Value);
        Assert.Equal(7, Assert.Single(partition).State.State.Value);
    }

    [Fact]
    public async Task A_grain_whose_write_was_refused_is_deactivated_and_reloads_the_stored_state()
    {
        var connection = new ControllableLease(_row);
        await using var host = new GrainTestHost(typeof(CounterGrain).Assembly, configureServices: services =>
            services.AddSiloLease(Options, _ => connection));
        var keeper = host.Services.GetRequiredService<SiloLeaseKeeper>();
        await keeper.StartAsync(CancellationToken.None);
        var counter = host.Grain<ICounterGrain>(Counter.Key);
        Assert.Equal(1, await counter.Increment());

        connection.Pause();
        host.Time.Advance(Options.Duration);
        await Assert.ThrowsAsync<SiloNotActiveException>(counter.Increment);
        await Wait.UntilAsync(() => !host.Runtime.IsActive(Counter), "the activation whose write was refused went away");

        Assert.Equal(1, await counter.Value());
        await keeper.DisposeAsync();
    }

    [Fact]
    public async Task Adding_a_lease_guards_the_store_registered_before_it_and_keeps_that_store_owned_by_the_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGrainStorage, MemoryGrainStorage>();

        services.AddMemorySiloLease(Options);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<LeaseGuardedGrainStorage>(provider.GetRequiredService<IGrainStorage>());
        Assert.IsType<MemoryGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>(SiloLeaseServiceCollectionExtensions.UnguardedStorageKey));
        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        Assert.Same(provider.GetRequiredService<SiloLeaseKeeper>(), hosted);
        await hosted.StartAsync(CancellationToken.None);
        Assert.True(provider.GetRequiredService<SiloLeaseKeeper>().IsActive);
    }

    [Fact]
    public void Adding_a_lease_before_any_store_says_to_register_the_store_first()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddMemorySiloLease());

        Assert.Contains("register the store before the lease", refused.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var keeper in _keepers)
        {
            await keeper.DisposeAsync();
        }
    }

    private async Task<SiloLeaseKeeper> StartKeeperAsync()
    {
        var keeper = new SiloLeaseKeeper(_row, Options, _time, NullLogger<SiloLeaseKeeper>.Instance);
        _keepers.Add(keeper);
        await keeper.StartAsync(CancellationToken.None);
        return keeper;
    }

    private async Task<GrainState<CounterState>> ReadStoredAsync()
    {
        var state = new GrainState<CounterState>(new CounterState());
        await _store.ReadStateAsync("counter", Counter, state);
        return state;
    }
}
