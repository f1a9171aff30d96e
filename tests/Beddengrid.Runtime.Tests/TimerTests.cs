using Beddengrid.Testing;

namespace Beddengrid.Runtime.Tests;

public sealed class TimerTests : RuntimeTest
{
    [Fact]
    public async Task Timer_ticks_run_on_the_grains_turn_and_never_overlap_a_request_or_each_other()
    {
        var grain = Probe("ticking");
        await grain.StartTimer(TimeSpan.FromSeconds(1), "tick");

        Host.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => Probes.Journal.Contains("tick start"), "the first tick started");
        var request = grain.Record("request", TimeSpan.Zero);
        Host.Time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);

        Assert.False(request.IsCompleted);
        Assert.Equal(1, Probes.Journal.Count(e => e == "tick start"));

        Probes.Gate("tick").SetResult();
        await request;
        Assert.Equal(["tick start", "tick end", "start request", "end request"], Probes.Journal.ToArray());
        Assert.Equal(1, Probes.MaxConcurrent);
    }

    [Fact]
    public async Task A_periodic_timer_keeps_ticking_once_each_tick_has_completed()
    {
        var grain = Probe("periodic");
        Probes.Gate("open").SetResult();
        await grain.StartTimer(TimeSpan.FromSeconds(1), "open");

        for (var i = 1; i <= 3; i++)
        {
            Host.Time.Advance(TimeSpan.FromSeconds(1));
            var expected = i;
            await Eventually(() => grain.TimerTicks().Result == expected, $"tick {expected} ran");
        }
    }

    [Fact]
    public async Task A_timer_due_later_than_the_system_timers_longest_wait_ticks_at_its_due_time_and_not_before()
    {
        var grain = Probe("reserve-lead-time");
        Probes.Gate("open").SetResult();
        var sixtyDays = TimeSpan.FromDays(60);
        Assert.True(sixtyDays > ManualTimeProvider.MaxTimerWait);
        await grain.StartTimer(sixtyDays, "open");

        Host.Time.Advance(sixtyDays - TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Equal(0, await grain.TimerTicks());

        Host.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => grain.TimerTicks().Result == 1, "the tick at sixty days ran");
        Host.Time.Advance(sixtyDays);
        await Eventually(() => grain.TimerTicks().Result == 2, "the tick at a hundred and twenty days ran");
    }
}
