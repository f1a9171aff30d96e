using System.Collections.Concurrent;

namespace Beddengrid.Runtime.Tests;

public sealed class ObserverTests : RuntimeTest
{
    private sealed class Recorder : IProbeObserver
    {
        public ConcurrentQueue<int> Seen { get; } = new();

        Task IProbeObserver.Seen(int sequence)
        {
            Seen.Enqueue(sequence);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Notifications_reach_an_observer_one_at_a_time_in_the_order_sent()
    {
        var recorder = new Recorder();
        var reference = Host.Runtime.CreateObjectReference<IProbeObserver>(recorder);
        var manager = new ObserverManager<IProbeObserver>();
        manager.Subscribe(reference);

        for (var i = 0; i < 100; i++)
        {
            var sequence = i;
            manager.Notify(o => o.Seen(sequence));
        }

        await Eventually(() => recorder.Seen.Count == 100, "all notifications delivered");
        Assert.Equal(Enumerable.Range(0, 100), recorder.Seen);
    }

    [Fact]
    public void A_deleted_observer_is_dropped_by_the_manager_on_the_next_notification()
    {
        var reference = Host.Runtime.CreateObjectReference<IProbeObserver>(new Recorder());
        var manager = new ObserverManager<IProbeObserver>();
        manager.Subscribe(reference);
        Host.Runtime.DeleteObjectReference(reference);

        manager.Notify(o => o.Seen(1));

        Assert.Equal(0, manager.Count);
    }
}
