using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Beddengrid.Runtime;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grain runtime with the grain classes of <paramref name="grainAssemblies"/>. The memory store is the
    /// default <see cref="IGrainStorage"/> unless one was registered before.
    /// </summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure, params Assembly[] grainAssemblies)
    {
        services.AddOptions<GrainRuntimeOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainStorage, MemoryGrainStorage>();
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(sp => new RuntimeMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(new GrainTypeRegistry(grainAssemblies));
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService<GrainRuntimeLifetime>();
        return services;
    }

    /// <summary>Starts idle collection with the host and deactivates every grain when the host stops.</summary>
    private sealed class GrainRuntimeLifetime(GrainRuntime runtime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            runtime.StartCollector();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => runtime.DisposeAsync().AsTask();
    }
}
