namespace Beddengrid.Runtime.Tests;

public sealed class CollectionTests() : RuntimeTest(options => options.ResponseTimeout = TimeSpan.FromHours(1))
{
    [Fact]
    public async Task Idle_activations_are_collected_after_the_collection_age_and_busy_ones_are_not()
    {
        await Probe("idle").Ping();
        var busy = Probe("busy").WaitFor("busy-gate");
        await Eventually(() => Probes.Journal.Contains("waiting busy-gate"), "the busy grain started its call");
        Host.Runtime.StartCollector();

        Host.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.True(Host.Runtime.IsActive(new GrainId("probe", "idle")), "collected before its age");

        Host.Time.Advance(TimeSpan.FromMinutes(3));
        await Eventually(() => !Host.Runtime.IsActive(new GrainId("probe", "idle")), "the idle grain was collected");
        Assert.Equal(1, Probes.Deactivations["idle"]);
        Assert.True(Host.Runtime.IsActive(new GrainId("probe", "busy")));

        Probes.Gate("busy-gate").SetResult();
        await busy;
    }
}
