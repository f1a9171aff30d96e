using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Beddengrid.Failover.Tests;

/// <summary>
/// Two silos' lease keepers on one lease row in a real Azurite, in real time: a 4 s lease renewed every second,
/// fenced 0.8 s before it lapses. Waits allow several seconds beyond the lease, so that a loaded machine is not a failure.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteFailoverTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(1);
    private static readonly SiloLeaseOptions Options = new() { Duration = TimeSpan.FromSeconds(4), RenewInterval = RenewInterval };

    // A lapse plus one check is the longest a takeover should take; the rest is slack for a loaded machine.
    private static readonly TimeSpan TakeoverLimit = Options.Duration + RenewInterval + TimeSpan.FromSeconds(4);
    private static readonly GrainId Bed = new("BedGrain", "TER/bed-1");

    private readonly string _cluster = $"failover-{Guid.NewGuid():N}";
    private readonly MemoryGrainStorage _store = new();
    private readonly List<Silo> _silos = [];

    [Fact]
    public async Task Of_two_silos_exactly_one_is_active_and_stays_so()
    {
        var (a, b) = (await StartAsync("silo-a"), await StartAsync("silo-b"));
        var active = await FirstActiveAsync(a, b);

        var samples = await SampleAsync(a, b, 2 * Options.Duration);

        Assert.All(samples, sample => Assert.True(sample.A ^ sample.B, "not exactly one silo was active"));
        Assert.Equal(active.Keeper.SiloId, (await ReadRowAsync(active)).Owner);
    }

    [Fact]
    public async Task When_the_active_silo_dies_the_standby_takes_over_after_the_lease_lapses_and_within_the_lease_time()
    {
        var (a, b) = (await StartAsync("silo-a"), await StartAsync("silo-b"));
        var active = await FirstActiveAsync(a, b);
        var standby = active == a ? b : a;

        await active.Keeper.DisposeAsync();
        var lastWritten = await ReadRowAsync(standby);
        var died = Stopwatch.StartNew();
        await standby.Keeper.WhenActive.WaitAsync(TakeoverLimit);

        Assert.True(died.Elapsed <= Options.Duration + RenewInterval + TimeSpan.FromSeconds(2), $"takeover took {died.Elapsed}");
        var takenOver = await ReadRowAsync(standby);
        Assert.Equal(standby.Keeper.SiloId, takenOver.Owner);
        Assert.True(takenOver.ExpiresAt - Options.Duration >= lastWritten.ExpiresAt, "the standby wrote its takeover before the dead silo's lease lapsed");
    }

    [Fact]
    public async Task A_stalled_active_silo_fences_itself_before_the_standby_takes_over_and_refuses_writes()
    {
        var (a, b) = (await StartAsync("silo-a"), await StartAsync("silo-b"));
        var stalled = await FirstActiveAsync(a, b);
        var standby = stalled == a ? b : a;

        var (samples, fencedAt, tookOverAt) = await StallUntilTakeoverAsync(stalled, standby);

        Assert.DoesNotContain(samples, sample => sample.A && sample.B);
        Assert.True(fencedAt < tookOverAt, $"the stalled silo fenced itself at {fencedAt}, not before the standby took over at {tookOverAt}");
        Assert.False(stalled.Keeper.IsActive);
        await Assert.ThrowsAsync<SiloNotActiveException>(() => stalled.Storage.WriteStateAsync("bed", Bed, new GrainState<string>("occupied")));
        await standby.Storage.WriteStateAsync("bed", Bed, new GrainState<string>("held"));
        var read = new GrainState<string>("");
        await stalled.Storage.ReadStateAsync("bed", Bed, read);
        Assert.Equal("held", read.State);
    }

    [Fact]
    public async Task A_silo_that_lost_its_lease_stays_inactive_when_its_network_returns_until_it_reacquires()
    {
        var (a, b) = (await StartAsync("silo-a"), await StartAsync("silo-b"));
        var stalled = await FirstActiveAsync(a, b);
        var standby = stalled == a ? b : a;
        await StallUntilTakeoverAsync(stalled, standby);

        stalled.Network.Resume();
        var samples = await SampleAsync(stalled, standby, 2 * Options.Duration);

        Assert.All(samples, sample => Assert.True(!sample.A && sample.B, "the silo that lost its lease counted itself active while the other held it"));
        await standby.Keeper.DisposeAsync().AsTask().WaitAsync(TakeoverLimit);
        await stalled.Keeper.WhenActive.WaitAsync(TakeoverLimit);
        Assert.Equal(stalled.Keeper.SiloId, (await ReadRowAsync(stalled)).Owner);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.Keeper.DisposeAsync().AsTask().WaitAsync(TakeoverLimit);
            silo.Lease.Dispose();
        }
    }

    private async Task<Silo> StartAsync(string name)
    {
        var network = new PausableHandler();
        var lease = new AzureTableSiloLease(azurite.ConnectionString, _cluster, "failover", new HttpClient(network) { Timeout = Timeout.InfiniteTimeSpan });
        var keeper = new SiloLeaseKeeper(lease, Options with { SiloName = name }, TimeProvider.System, NullLogger<SiloLeaseKeeper>.Instance);
        var silo = new Silo(keeper, lease, network, new LeaseGuardedGrainStorage(_store, keeper));
        _silos.Add(silo);
        await keeper.StartAsync(CancellationToken.None);
        return silo;
    }

    private static async Task<Silo> FirstActiveAsync(Silo a, Silo b)
    {
        var first = await Task.WhenAny(a.Keeper.WhenActive, b.Keeper.WhenActive).WaitAsync(TakeoverLimit);
        return first == a.Keeper.WhenActive ? a : b;
    }

    /// <summary>
    /// Cuts the active silo off from the store and waits until the standby holds the lease; returns what was sampled
    /// meanwhile and when each side's signal completed (real time since the stall).
    /// </summary>
    private static async Task<(IReadOnlyList<(bool A, bool B)> Samples, TimeSpan FencedAt, TimeSpan TookOverAt)> StallUntilTakeoverAsync(Silo stalled, Silo standby)
    {
        var clock = Stopwatch.StartNew();
        var fenced = stalled.Keeper.WhenInactive.ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
        var tookOver = standby.Keeper.WhenActive.ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
        stalled.Network.Pause();

        var samples = await SampleAsync(stalled, standby, TakeoverLimit, until: () => standby.Keeper.IsActive);
        Assert.True(standby.Keeper.IsActive, $"the standby did not take over within {TakeoverLimit}");
        return (samples, await fenced.WaitAsync(TakeoverLimit), await tookOver.WaitAsync(TakeoverLimit));
    }

    /// <summary>Samples both silos' <see cref="SiloLeaseKeeper.IsActive"/> every few milliseconds for <paramref name="duration"/> or until <paramref name="until"/>.</summary>
    private static async Task<IReadOnlyList<(bool A, bool B)>> SampleAsync(Silo a, Silo b, TimeSpan duration, Func<bool>? until = null)
    {
        var samples = new List<(bool A, bool B)>();
        var sampling = Stopwatch.StartNew();
        while (sampling.Elapsed < duration && until?.Invoke() != true)
        {
            samples.Add((a.Keeper.IsActive, b.Keeper.IsActive));
            await Task.Delay(5);
        }
        samples.Add((a.Keeper.IsActive, b.Keeper.IsActive));
        return samples;
    }

    private static async Task<SiloLeaseRecord> ReadRowAsync(Silo silo) =>
        await silo.Lease.ReadAsync(CancellationToken.None) ?? throw new InvalidOperationException("No lease row was written.");

    private sealed record Silo(SiloLeaseKeeper Keeper, AzureTableSiloLease Lease, PausableHandler Network, LeaseGuardedGrainStorage Storage);
}
