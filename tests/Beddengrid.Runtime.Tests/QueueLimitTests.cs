namespace Beddengrid.Runtime.Tests;

public sealed class QueueLimitTests() : RuntimeTest(options => options.MaxQueuedCallsPerActivation = 10)
{
    [Fact]
    public async Task Calls_beyond_the_queue_limit_are_rejected_at_once_and_the_grain_keeps_serving()
    {
        var grain = Probe("crowded");
        var blocker = grain.WaitFor("crowd");
        await Eventually(() => Probes.Journal.Contains("waiting crowd"), "the blocking call started");

        var calls = Enumerable.Range(0, 50).Select(_ => grain.Ping()).ToArray();

        var rejected = calls.Where(c => c.IsFaulted).ToArray();
        Assert.Equal(40, rejected.Length);
        Assert.All(rejected, c => Assert.IsType<GrainOverloadedException>(c.Exception!.InnerException));
        Probes.Gate("crowd").SetResult();
        await blocker;
        Assert.Equal(10, (await Task.WhenAll(calls.Where(c => !c.IsFaulted))).Sum());
        Assert.Equal(1, await grain.Ping());
    }
}
