namespace Beddengrid.Failover.Tests;

/// <summary>The conditional writes every <see cref="ISiloLease"/> must make, on which the keeper's single winner rests.</summary>
public abstract class SiloLeaseConformance
{
    private static readonly DateTimeOffset Expiry = new(2026, 11, 23, 8, 0, 15, TimeSpan.Zero);

    /// <summary>A lease row of a cluster no other test uses.</summary>
    protected abstract ISiloLease NewLease();

    [Fact]
    public async Task A_cluster_without_a_lease_has_no_row()
    {
        Assert.Null(await NewLease().ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_created_row_reads_back_with_its_owner_expiry_and_etag()
    {
        var lease = NewLease();

        var created = await lease.TryCreateAsync("silo-a/1", Expiry, CancellationToken.None);

        Assert.NotNull(created);
        Assert.Equal(created, await lease.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Only_the_first_of_two_creates_wins()
    {
        var lease = NewLease();

        var first = await lease.TryCreateAsync("silo-a/1", Expiry, CancellationToken.None);
        var second = await lease.TryCreateAsync("silo-b/1", Expiry.AddSeconds(1), CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("silo-a/1", (await lease.ReadAsync(CancellationToken.None))!.Owner);
    }

    [Fact]
    public async Task Only_the_first_of_two_replaces_of_one_version_wins_and_moves_the_etag_on()
    {
        var lease = NewLease();
        var read = (await lease.TryCreateAsync("silo-a/1", Expiry, CancellationToken.None))!;

        var first = await lease.TryReplaceAsync(read, "silo-b/1", Expiry.AddSeconds(15), CancellationToken.None);
        var second = await lease.TryReplaceAsync(read, "silo-c/1", Expiry.AddSeconds(15), CancellationToken.None);

        Assert.NotNull(first);
        Assert.NotEqual(read.ETag, first.ETag);
        Assert.Null(second);
        Assert.Equal(first, await lease.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Clusters_have_separate_rows()
    {
        var one = NewLease();
        var other = NewLease();

        await one.TryCreateAsync("silo-a/1", Expiry, CancellationToken.None);

        Assert.Null(await other.ReadAsync(CancellationToken.None));
        Assert.NotNull(await other.TryCreateAsync("silo-b/1", Expiry, CancellationToken.None));
    }
}
