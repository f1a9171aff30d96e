using Beddengrid.Runtime;

namespace Beddengrid.LoadTests.Benchmarks;

/// <summary>The smallest useful grain call: one argument in, one result out, no state. Measures the runtime alone.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);
}
