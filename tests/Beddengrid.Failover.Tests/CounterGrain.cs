namespace Beddengrid.Failover.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    [ReadOnly]
    Task<int> Value();
}

public sealed class CounterState
{
    public int Value { get; set; }
}

/// <summary>A grain whose every increment is a storage write, to see what a refused write does to an activation.</summary>
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Value() => Task.FromResult(state.State.Value);
}
