namespace Beddengrid.Runtime.Tests;

public sealed class ActivationTests : RuntimeTest
{
    [Fact]
    public async Task Concurrent_first_calls_to_one_key_create_exactly_one_activation()
    {
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 1000)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                return await Probe("contended").Ping();
            }))
            .ToArray();
        start.Set();

        var results = await Task.WhenAll(calls);

        Assert.Equal(1000, results.Sum());
        Assert.Equal(1, Probes.Activations["contended"]);
        Assert.Equal(1, Host.Runtime.ActivationCount);
    }

    [Fact]
    public async Task State_is_read_before_the_first_call_runs()
    {
        await Probe("stored").SetValue("kept");
        await Host.DeactivateAsync(new GrainId("probe", "stored"));

        Assert.Equal("kept", await Probe("stored").Value());
        Assert.Equal(2, Probes.Activations["stored"]);
    }

    [Fact]
    public async Task A_stale_etag_write_throws_and_the_next_call_sees_a_fresh_activation_with_the_stored_state()
    {
        var grain = Probe("contested");
        await grain.SetValue("mine");
        var grainId = new GrainId("probe", "contested");
        var other = new GrainState<ProbeState>(new ProbeState());
        await Host.Storage.ReadStateAsync("probe", grainId, other);
        other.State.Value = "theirs";
        await Host.Storage.WriteStateAsync("probe", grainId, other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetValue("mine again"));

        Assert.Equal("theirs", await grain.Value());
        Assert.Equal(2, Probes.Activations["contested"]);
    }

    [Fact]
    public async Task A_failed_write_throws_and_the_next_call_sees_a_fresh_activation_with_the_stored_state()
    {
        var grain = Probe("unlucky");
        await grain.SetValue("stored");
        Host.Storage.FailNextWrites("probe");

        await Assert.ThrowsAsync<IOException>(() => grain.SetValue("never stored"));

        Assert.Equal("stored", await grain.Value());
        Assert.Equal(2, Probes.Activations["unlucky"]);
    }

    [Fact]
    public async Task Undeclared_grain_interfaces_fail_with_a_message_naming_the_interface()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Host.Runtime.GetGrain<IUnimplementedGrain>("x"));
        Assert.Contains(nameof(IUnimplementedGrain), error.Message);
        await Task.CompletedTask;
    }
}

public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task Nothing();
}
