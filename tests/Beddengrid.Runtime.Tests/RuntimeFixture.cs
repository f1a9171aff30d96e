using Beddengrid.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beddengrid.Runtime.Tests;

public abstract class RuntimeTest : IAsyncLifetime
{
    protected RuntimeTest(Action<GrainRuntimeOptions>? configure = null)
    {
        Host = new GrainTestHost(typeof(ProbeGrain).Assembly, configure, services => services.AddSingleton(Probes));
    }

    protected Probes Probes { get; } = new();
    protected GrainTestHost Host { get; }

    protected IProbeGrain Probe(string key) => Host.Grain<IProbeGrain>(key);

    protected static async Task Eventually(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"Still not true after 10 s: {what}");
            }
            await Task.Delay(1);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var gate in Probes.Gates.Values)
        {
            gate.TrySetResult();
        }
        await Host.DisposeAsync();
    }
}
