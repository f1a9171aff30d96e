namespace Beddengrid.Runtime.Tests;

public sealed class InterleavingTests : RuntimeTest
{
    private IInterleavingGrain Grain(string key) => Host.Grain<IInterleavingGrain>(key);

    [Fact]
    public async Task Interleaving_calls_run_together_across_awaits_but_never_two_parts_at_the_same_moment()
    {
        var grain = Grain("steps");

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => grain.Steps(25))));

        Assert.True(Probes.MaxConcurrent > 1, "calls waiting at an await let others start");
        Assert.Equal(0, await grain.Overlaps());
    }

    [Fact]
    public async Task A_call_that_does_not_interleave_waits_for_those_running_and_runs_alone()
    {
        var grain = Grain("mixed");
        var first = grain.Hold("first");
        var second = grain.Hold("second");
        await Eventually(() => Probes.Journal.Contains("holding first") && Probes.Journal.Contains("holding second"), "both interleaving calls wait at their await");

        var alone = grain.Alone("alone");
        var later = grain.Hold("later");
        await Task.Delay(50);
        Assert.DoesNotContain("alone alone", Probes.Journal);

        Probes.Gate("first").SetResult();
        Probes.Gate("second").SetResult();
        await Task.WhenAll(first, second);
        await Eventually(() => Probes.Journal.Contains("alone alone"), "the exclusive call starts once the interleaving ones finished");
        await Task.Delay(50);
        Assert.DoesNotContain("holding later", Probes.Journal);

        Probes.Gate("alone").SetResult();
        await alone;
        await Eventually(() => Probes.Journal.Contains("holding later"), "the call queued behind the exclusive one starts after it");
        Probes.Gate("later").SetResult();
        await later;
        Assert.Equal(0, await grain.Overlaps());
    }
}
