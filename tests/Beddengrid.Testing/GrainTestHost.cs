using System.Reflection;
using Beddengrid.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Beddengrid.Testing;

/// <summary>Grains in-process on the memory store with a clock the test controls, as Orleans' test cluster.</summary>
public sealed class GrainTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public GrainTestHost(Assembly grainAssembly, Action<GrainRuntimeOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        Storage = new FaultyGrainStorage(new MemoryGrainStorage());
        services.AddSingleton<IGrainStorage>(Storage);
        configureServices?.Invoke(services);
        services.AddGrainRuntime(configure, grainAssembly);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        Runtime = _services.GetRequiredService<GrainRuntime>();
    }

    public ManualTimeProvider Time { get; } = new();
    /// <summary>The memory store, through which a test can make writes fail.</summary>
    public FaultyGrainStorage Storage { get; }
    public GrainRuntime Runtime { get; }
    public IServiceProvider Services => _services;

    public TGrain Grain<TGrain>(string key) where TGrain : IGrainWithStringKey => Runtime.GetGrain<TGrain>(key);

    /// <summary>Deactivates a grain and waits until it is gone, so that its next call reloads state from the store.</summary>
    public async Task DeactivateAsync(GrainId grainId)
    {
        Runtime.Deactivate(grainId);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Runtime.IsActive(grainId))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"{grainId} did not deactivate within 10 s.");
            }
            await Task.Delay(1);
        }
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
