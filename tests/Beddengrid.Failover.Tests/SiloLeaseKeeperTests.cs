using Microsoft.Extensions.Logging.Abstractions;

namespace Beddengrid.Failover.Tests;

/// <summary>
/// The keeper's rules on a memory lease row with a clock the test moves: acquiring, renewing, fencing, losing and
/// releasing. Each silo reaches the shared row through its own <see cref="ControllableLease"/>, so a test can cut one off.
/// </summary>
public sealed class SiloLeaseKeeperTests : IAsyncLifetime
{
    // Fences 12 s after a write that runs until 15 s; renews every 5 s.
    private static readonly SiloLeaseOptions Options = new() { Duration = TimeSpan.FromSeconds(15), RenewInterval = TimeSpan.FromSeconds(5), SafetyMargin = TimeSpan.FromSeconds(3) };

    private readonly ManualTimeProvider _time = new();
    private readonly MemorySiloLease _row = new("test");
    private readonly List<SiloLeaseKeeper> _keepers = [];

    [Fact]
    public async Task A_lone_keeper_is_active_once_started_and_stays_active_while_it_renews()
    {
        var (keeper, connection) = await StartAsync("silo-a");
        Assert.True(keeper.IsActive);
        Assert.True(keeper.WhenActive.IsCompletedSuccessfully);
        Assert.False(keeper.WhenInactive.IsCompleted);

        for (var renewal = 1; renewal <= 9; renewal++)
        {
            await AdvanceUntilAnsweredAsync(connection, Options.RenewInterval!.Value);
            var row = await ReadRowAsync();
            Assert.Equal(keeper.SiloId, row.Owner);
            Assert.Equal(_time.GetUtcNow() + Options.Duration, row.ExpiresAt);
            Assert.True(keeper.IsActive, $"inactive after renewal {renewal}");
        }
    }

    [Fact]
    public async Task Of_two_keepers_on_one_row_only_the_first_to_write_is_active()
    {
        var (first, firstConnection) = await StartAsync("silo-a");
        var (second, secondConnection) = await StartAsync("silo-b");

        for (var check = 0; check < 6; check++)
        {
            await AdvanceUntilAnsweredAsync(secondConnection, Options.RenewInterval!.Value);
            await Wait.UntilAsync(() => firstConnection.CompletedCalls > check, "the first silo renewed");
            Assert.True(first.IsActive);
            Assert.False(second.IsActive);
        }
        Assert.Equal(first.SiloId, (await ReadRowAsync()).Owner);
        Assert.False(second.WhenActive.IsCompleted);
    }

    [Fact]
    public async Task A_keeper_that_cannot_renew_fences_itself_a_safety_margin_before_its_lease_expires()
    {
        var (active, connection) = await StartAsync("silo-a");
        var (standby, _) = await StartAsync("silo-b");
        var written = await ReadRowAsync();
        connection.Pause();

        _time.Advance(Options.Duration - Options.SafetyMargin!.Value - TimeSpan.FromMilliseconds(1));
        Assert.True(active.IsActive);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(active.IsActive);
        await active.WhenInactive.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(standby.IsActive);
        Assert.Equal(written, await ReadRowAsync());
        Assert.True(_time.GetUtcNow() + Options.SafetyMargin.Value <= written.ExpiresAt, "fenced later than a safety margin before the written expiry");
    }

    [Fact]
    public async Task A_standby_takes_over_a_lapsed_lease_only_after_its_written_expiry()
    {
        var (active, connection) = await StartAsync("silo-a");
        var (standby, standbyConnection) = await StartAsync("silo-b");
        var written = await ReadRowAsync();
        connection.Pause();

        while (_time.GetUtcNow() + Options.RenewInterval!.Value < written.ExpiresAt)
        {
            await AdvanceUntilAnsweredAsync(standbyConnection, Options.RenewInterval.Value);
            Assert.False(standby.IsActive, $"standby active at {_time.GetUtcNow():T}, before the lease written until {written.ExpiresAt:T} lapsed");
        }
        await AdvanceUntilAsync(() => standby.IsActive, "the standby took the lapsed lease over");

        Assert.False(active.IsActive);
        var takenOver = await ReadRowAsync();
        Assert.Equal(standby.SiloId, takenOver.Owner);
        Assert.True(takenOver.ExpiresAt - Options.Duration >= written.ExpiresAt, "the takeover was written before the lapse");
        Assert.True(takenOver.ExpiresAt - Options.Duration <= written.ExpiresAt + Options.RenewInterval.Value, "the standby took longer than one check after the lapse");
    }

    [Fact]
    public async Task A_keeper_that_lost_its_lease_stays_inactive_until_it_reacquires()
    {
        var (formerlyActive, connection) = await StartAsync("silo-a");
        var (standby, _) = await StartAsync("silo-b");
        connection.Pause();
        await AdvanceUntilAsync(() => standby.IsActive, "the standby took the lapsed lease over");

        connection.Resume();
        for (var check = 0; check < 6; check++)
        {
            await AdvanceUntilAnsweredAsync(connection, Options.RenewInterval!.Value);
            Assert.False(formerlyActive.IsActive, "the silo that lost its lease counted itself active again while the other holds it");
            Assert.True(standby.IsActive);
        }

        await standby.DisposeAsync();
        await AdvanceUntilAsync(() => formerlyActive.IsActive, "the first silo reacquired the lease once the other died");
        Assert.Equal(formerlyActive.SiloId, (await ReadRowAsync()).Owner);
    }

    [Fact]
    public async Task A_stopped_keeper_releases_its_lease_so_the_standby_takes_over_at_its_next_check()
    {
        var (active, _) = await StartAsync("silo-a");
        var (standby, standbyConnection) = await StartAsync("silo-b");

        await active.StopAsync(CancellationToken.None);

        Assert.False(active.IsActive);
        Assert.True(active.WhenInactive.IsCompleted);
        Assert.True((await ReadRowAsync()).IsExpiredAt(_time.GetUtcNow()));
        await AdvanceUntilAnsweredAsync(standbyConnection, Options.RenewInterval!.Value);
        // The check's first answer is its read of the row; the takeover is the write after it, with no more time passing.
        await Wait.UntilAsync(() => standby.IsActive, "the standby took the released lease over at its next check");
    }

    [Fact]
    public async Task A_disposed_keeper_is_inactive_at_once_and_leaves_its_lease_to_lapse()
    {
        var (active, _) = await StartAsync("silo-a");
        var written = await ReadRowAsync();

        await active.DisposeAsync();

        Assert.False(active.IsActive);
        Assert.True(active.WhenInactive.IsCompleted);
        Assert.Equal(written, await ReadRowAsync());
    }

    [Fact]
    public async Task A_silo_refused_by_a_standby_is_told_to_retry_after_a_lapse_and_one_check()
    {
        await StartAsync("silo-a");
        var (standby, _) = await StartAsync("silo-b");

        var refused = Assert.Throws<SiloNotActiveException>(standby.ThrowIfNotActive);

        Assert.Equal(standby.SiloId, refused.SiloId);
        Assert.Equal("test", refused.ClusterName);
        Assert.Equal(Options.Duration + Options.RenewInterval!.Value, refused.RetryAfter);
        Assert.Contains(standby.SiloId, refused.Message);
    }

    [Theory]
    [InlineData(15, 12, 3)]
    [InlineData(15, 5, 10)]
    [InlineData(15, 0, 3)]
    [InlineData(0, 5, 3)]
    public void Timings_that_leave_no_renewal_before_the_fence_are_refused(int durationSeconds, int renewSeconds, int marginSeconds)
    {
        var options = new SiloLeaseOptions
        {
            Duration = TimeSpan.FromSeconds(durationSeconds),
            RenewInterval = TimeSpan.FromSeconds(renewSeconds),
            SafetyMargin = TimeSpan.FromSeconds(marginSeconds),
        };

        Assert.ThrowsAny<ArgumentException>(() => new SiloLeaseKeeper(_row, options, _time, NullLogger<SiloLeaseKeeper>.Instance));
    }

    [Fact]
    public void Renew_interval_and_safety_margin_default_to_a_third_and_a_fifth_of_the_duration()
    {
        var keeper = new SiloLeaseKeeper(_row, new SiloLeaseOptions { Duration = TimeSpan.FromSeconds(15) }, _time, NullLogger<SiloLeaseKeeper>.Instance);

        Assert.Equal(TimeSpan.FromSeconds(20), keeper.RetryAfter);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var keeper in _keepers)
        {
            await keeper.DisposeAsync();
        }
    }

    private async Task<(SiloLeaseKeeper Keeper, ControllableLease Connection)> StartAsync(string siloName)
    {
        var connection = new ControllableLease(_row);
        var keeper = new SiloLeaseKeeper(connection, Options with { SiloName = siloName }, _time, NullLogger<SiloLeaseKeeper>.Instance);
        _keepers.Add(keeper);
        await keeper.StartAsync(CancellationToken.None);
        // The memory row answers at once, so the first attempt has completed by now.
        Assert.True(connection.CompletedCalls > 0);
        return (keeper, connection);
    }

    /// <summary>Moves the clock on and waits until the silo behind <paramref name="connection"/> has had an answer since.</summary>
    private async Task AdvanceUntilAnsweredAsync(ControllableLease connection, TimeSpan delta)
    {
        var answered = connection.CompletedCalls;
        _time.Advance(delta);
        await Wait.UntilAsync(() => connection.CompletedCalls > answered, $"a lease call answered within {delta} of manual time");
    }

    /// <summary>Moves the clock on a second at a time, waiting a little real time after each step, until <paramref name="condition"/> holds.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, string what)
    {
        for (var step = 0; step < 120 && !condition(); step++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        await Wait.UntilAsync(condition, what);
    }

    private async Task<SiloLeaseRecord> ReadRowAsync() =>
        await _row.ReadAsync(CancellationToken.None) ?? throw new InvalidOperationException("No lease row was written.");
}
