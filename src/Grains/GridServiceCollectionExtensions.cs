using Beddengrid.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beddengrid.Grains;

public static class GridServiceCollectionExtensions
{
    /// <summary>
    /// The grid's grains and read models on the grain runtime. Register an <see cref="IGrainStorage"/> and an
    /// <see cref="IAuditLog"/> first to choose the store; otherwise both live in memory.
    /// </summary>
    public static IServiceCollection AddGrid(this IServiceCollection services, Action<GridOptions>? configureGrid = null, Action<GrainRuntimeOptions>? configureRuntime = null)
    {
        services.AddOptions<GridOptions>();
        if (configureGrid is not null)
        {
            services.Configure(configureGrid);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditLog, MemoryAuditLog>();
        services.TryAddSingleton<GridPicture>();
        services.TryAddSingleton<Auditor>();
        services.TryAddSingleton<GridLoader>();
        services.AddGrainRuntime(configureRuntime, typeof(LocationGrain).Assembly);
        return services;
    }
}
