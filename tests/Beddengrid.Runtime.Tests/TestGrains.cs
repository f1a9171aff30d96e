using System.Collections.Concurrent;
using Beddengrid.Runtime;

namespace Beddengrid.Runtime.Tests;

public interface IProbeGrain : IGrainWithStringKey
{
    Task<int> Ping();
    Task Record(string entry, TimeSpan pause);
    Task WaitFor(string gate);
    [ReadOnly] Task<int> Peek(string gate);
    Task CallOther(string otherKey, int depth);
    Task<string> Value();
    Task SetValue(string value);
    Task StartTimer(TimeSpan period, string gate);
    Task<int> TimerTicks();
    [ReadOnly] Task<int> Refuse(string why);
}

public interface IProbeObserver : IGrainObserver
{
    Task Seen(int sequence);
}

public sealed class ProbeState
{
    public string Value { get; set; } = "";
}

/// <summary>Shared probes that tests use to look inside activations without calling them.</summary>
public sealed class Probes
{
    public ConcurrentDictionary<string, int> Activations { get; } = new();
    public ConcurrentDictionary<string, int> Deactivations { get; } = new();
    public ConcurrentQueue<string> Journal { get; } = new();
    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();
    public int Concurrent;
    public int MaxConcurrent;

    public TaskCompletionSource Gate(string name) => Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Enter()
    {
        var now = Interlocked.Increment(ref Concurrent);
        int seen;
        while (now > (seen = Volatile.Read(ref MaxConcurrent)) && Interlocked.CompareExchange(ref MaxConcurrent, now, seen) != seen)
        {
        }
    }

    public void Leave() => Interlocked.Decrement(ref Concurrent);
}

public sealed class ProbeGrain(Probes probes, [PersistentState("probe")] IPersistentState<ProbeState> state) : Grain, IProbeGrain
{
    private int _timerTicks;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probes.Activations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probes.Deactivations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task<int> Ping() => Task.FromResult(1);

    public async Task Record(string entry, TimeSpan pause)
    {
        probes.Enter();
        probes.Journal.Enqueue($"start {entry}");
        await Task.Delay(pause);
        probes.Journal.Enqueue($"end {entry}");
        probes.Leave();
    }

    public async Task WaitFor(string gate)
    {
        probes.Enter();
        probes.Journal.Enqueue($"waiting {gate}");
        await probes.Gate(gate).Task;
        probes.Leave();
    }

    public async Task<int> Peek(string gate)
    {
        probes.Enter();
        await probes.Gate(gate).Task;
        probes.Leave();
        return 1;
    }

    public Task CallOther(string otherKey, int depth) =>
        depth == 0
            ? Task.CompletedTask
            : GrainFactory.GetGrain<IProbeGrain>(otherKey).CallOther(GetPrimaryKeyString(), depth - 1);

    public Task<string> Value() => Task.FromResult(state.State.Value);

    public Task SetValue(string value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task StartTimer(TimeSpan period, string gate)
    {
        RegisterGrainTimer(async _ =>
        {
            probes.Enter();
            probes.Journal.Enqueue("tick start");
            _timerTicks++;
            await probes.Gate(gate).Task;
            probes.Journal.Enqueue("tick end");
            probes.Leave();
        }, period, period);
        return Task.CompletedTask;
    }

    public Task<int> TimerTicks() => Task.FromResult(_timerTicks);

    // Throws before any task exists, as a guard clause in a non-async method does.
    public Task<int> Refuse(string why) => throw new InvalidOperationException(why);
}

public interface IInterleavingGrain : IGrainWithStringKey
{
    [Interleave] Task Hold(string gate);
    [Interleave] Task Steps(int count);
    Task Alone(string gate);
    [ReadOnly] Task<int> Overlaps();
}

/// <summary>Checks on every step that no other part of its code runs at the same moment.</summary>
public sealed class InterleavingGrain(Probes probes) : Grain, IInterleavingGrain
{
    private int _sections;
    private int _overlaps;

    public async Task Hold(string gate)
    {
        Section();
        probes.Enter();
        probes.Journal.Enqueue($"holding {gate}");
        await probes.Gate(gate).Task;
        Section();
        probes.Journal.Enqueue($"released {gate}");
        probes.Leave();
    }

    public async Task Steps(int count)
    {
        probes.Enter();
        for (var i = 0; i < count; i++)
        {
            Section();
            await Task.Delay(1);
        }
        probes.Leave();
    }

    public async Task Alone(string gate)
    {
        Section();
        probes.Journal.Enqueue($"alone {gate}");
        await probes.Gate(gate).Task;
        Section();
        probes.Journal.Enqueue($"alone done {gate}");
    }

    public Task<int> Overlaps() => Task.FromResult(_overlaps);

    private void Section()
    {
        if (Interlocked.Increment(ref _sections) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }
        Thread.SpinWait(20_000);
        Interlocked.Decrement(ref _sections);
    }
}
