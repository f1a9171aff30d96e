using Beddengrid.Frontend.Access;
using Beddengrid.Grains;
using Beddengrid.Runtime;

namespace Beddengrid.Silo.Hosting;

public static class GridHostingExtensions
{
    /// <summary>
    /// The store of section "Store" (Kind: Memory | Sqlite | AzureTable; default Sqlite in DataFolder "data"), its writes
    /// guarded by the silo lease of section "Lease": a lease row beside an Azure Table store that several silos share,
    /// or a lease in memory for a store only this silo uses.
    /// </summary>
    public static IServiceCollection AddGridStore(this IServiceCollection services, IConfiguration store, IConfiguration lease)
    {
        var storeOptions = store.Get<GridStoreOptions>() ?? new GridStoreOptions();
        var leaseOptions = lease.Get<SiloLeaseOptions>() ?? new SiloLeaseOptions();
        services.AddGridStore(storeOptions);
        services.AddHealthChecks().AddCheck<SiloLeaseHealthCheck>("lease", tags: [ReadyTag]);
        return storeOptions.Kind == StoreKind.AzureTable
            ? services.AddAzureTableSiloLease(leaseOptions, storeOptions.ConnectionString!)
            : services.AddMemorySiloLease(leaseOptions);
    }

    /// <summary>Seeds an empty store with section "Seed", loads the grid, and reports ready only then.</summary>
    public static IServiceCollection AddGridStartup(this IServiceCollection services, IConfiguration seed)
    {
        services.Configure<SeedOptions>(seed);
        services.AddSingleton<GridReadiness>();
        services.AddHostedService<GridStartup>();
        services.AddHealthChecks().AddCheck<GridReadiness>("grid", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Liveness (the process answers) and readiness (the grid is loaded), both without credentials.</summary>
    public static WebApplication MapGridHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>Until the grid is loaded the API answers 503 with Retry-After: its picture would be incomplete.</summary>
    public static WebApplication UseGridLoadingGate(this WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<GridReadiness>();
        app.UseWhen(context => !readiness.IsLoaded && context.Request.Path.StartsWithSegments("/api"), gated => gated.Run(context =>
        {
            context.Response.Headers.RetryAfter = "1";
            return GridProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "grid", "The grid is still loading.");
        }));
        return app;
    }

    private const string ReadyTag = "ready";
}
