namespace Beddengrid.Runtime.Tests;

public sealed class TurnTests : RuntimeTest
{
    [Fact]
    public async Task Requests_to_one_grain_never_interleave_even_across_awaits()
    {
        var grain = Probe("serial");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => grain.Record(i.ToString(), TimeSpan.FromMilliseconds(2))));

        var journal = Probes.Journal.ToArray();
        Assert.Equal(40, journal.Length);
        for (var i = 0; i < journal.Length; i += 2)
        {
            Assert.StartsWith("start ", journal[i]);
            Assert.Equal("end " + journal[i]["start ".Length..], journal[i + 1]);
        }
        Assert.Equal(1, Probes.MaxConcurrent);
    }

    [Fact]
    public async Task A_method_that_throws_before_returning_a_task_fails_its_caller_with_that_exception()
    {
        var grain = Probe("refuser");
        await grain.Ping();

        // The activation is idle, so this call runs inline on the caller's thread.
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Refuse("not resident"));

        Assert.Equal("not resident", refusal.Message);
    }

    [Fact]
    public async Task Read_only_calls_interleave_with_each_other()
    {
        var grain = Probe("reader");

        var first = grain.Peek("readers");
        var second = grain.Peek("readers");
        await Eventually(() => Volatile.Read(ref Probes.Concurrent) == 2, "both read-only calls are running at once");
        Probes.Gate("readers").SetResult();

        Assert.Equal(2, await first + await second);
    }

    [Fact]
    public async Task A_read_only_call_waits_for_a_running_exclusive_call()
    {
        var grain = Probe("mixed");
        var writer = grain.WaitFor("writer");
        await Eventually(() => Probes.Journal.Contains("waiting writer"), "the exclusive call started");

        var reader = grain.Peek("reader-open");
        Probes.Gate("reader-open").SetResult();
        await Task.Delay(50);

        Assert.False(reader.IsCompleted);
        Probes.Gate("writer").SetResult();
        await writer;
        Assert.Equal(1, await reader);
    }

    [Fact]
    public async Task A_call_cycle_between_non_reentrant_grains_fails_fast_naming_the_cycle()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CallCycleException>(() => Probe("a").CallOther("b", 2));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal([new GrainId("probe", "a"), new GrainId("probe", "b"), new GrainId("probe", "a")], error.Cycle);
        Assert.Contains("probe/a -> probe/b -> probe/a", error.Message);
        Assert.Equal(1, await Probe("a").Ping());
    }

    [Fact]
    public async Task A_call_that_outlasts_the_response_timeout_fails_with_a_timeout_naming_the_call()
    {
        var call = Probe("slow").WaitFor("never");
        await Eventually(() => Probes.Journal.Contains("waiting never"), "the call started");

        Host.Time.Advance(TimeSpan.FromSeconds(31));

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call);
        Assert.Contains("probe/slow.WaitFor", error.Message);
    }

    [Fact]
    public async Task A_call_is_not_timed_out_before_the_response_timeout_has_passed_however_its_second_began()
    {
        // Calls share a deadline per second: one started at the end of a second, after another opened that second's
        // deadline at its start, must still get its full 30 s.
        var now = Host.Time.GetUtcNow();
        Host.Time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerSecond));
        var early = Probe("early").WaitFor("early");
        await Eventually(() => Probes.Journal.Contains("waiting early"), "the early call started");
        Host.Time.Advance(TimeSpan.FromMilliseconds(990));
        var call = Probe("patient").WaitFor("late");
        await Eventually(() => Probes.Journal.Contains("waiting late"), "the late call started");

        Host.Time.Advance(TimeSpan.FromSeconds(29.9));
        await Task.Delay(50);
        Assert.False(call.IsCompleted);

        Host.Time.Advance(TimeSpan.FromSeconds(1.1));
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => early);
    }
}
