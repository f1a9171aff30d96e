using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Beddengrid.Runtime;

public static class SiloLeaseServiceCollectionExtensions
{
    /// <summary>The service key under which the store that <see cref="LeaseGuardedGrainStorage"/> wraps stays registered.</summary>
    public const string UnguardedStorageKey = "unguarded";

    /// <summary>
    /// Adds a <see cref="SiloLeaseKeeper"/> over <paramref name="createLease"/> as a singleton and hosted service, and guards the
    /// <see cref="IGrainStorage"/> registered so far with <see cref="LeaseGuardedGrainStorage"/>; register the store first.
    /// </summary>
    /// <exception cref="InvalidOperationException">No <see cref="IGrainStorage"/> is registered yet, so there is nothing to guard.</exception>
    public static IServiceCollection AddSiloLease(this IServiceCollection services, SiloLeaseOptions options, Func<IServiceProvider, ISiloLease> createLease)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createLease);
        var storage = services.LastOrDefault(service => service.ServiceType == typeof(IGrainStorage) && !service.IsKeyedService)
            ?? throw new InvalidOperationException("AddSiloLease guards the grain storage, but no IGrainStorage is registered yet; register the store before the lease.");

        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton(createLease);
        services.AddSingleton(sp => new SiloLeaseKeeper(
            sp.GetRequiredService<ISiloLease>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SiloLeaseKeeper>>()));
        services.AddHostedService(sp => sp.GetRequiredService<SiloLeaseKeeper>());

        // The store stays in the container under a key, so the container still creates and disposes it.
        services.Remove(storage);
        services.Add(AsKeyed(storage, UnguardedStorageKey));
        services.AddSingleton<IGrainStorage>(sp => new LeaseGuardedGrainStorage(
            sp.GetRequiredKeyedService<IGrainStorage>(UnguardedStorageKey), sp.GetRequiredService<SiloLeaseKeeper>()));
        return services;
    }

    /// <summary>A lease row in an Azure Storage table, shared by the silos of <see cref="SiloLeaseOptions.ClusterName"/>.</summary>
    public static IServiceCollection AddAzureTableSiloLease(this IServiceCollection services, SiloLeaseOptions options, string connectionString, string tableName = AzureTableSiloLease.DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddSiloLease(options, sp => new AzureTableSiloLease(connectionString, options.ClusterName, tableName, timeProvider: sp.GetRequiredService<TimeProvider>()));
    }

    /// <summary>A lease in memory: the one silo of a store no other silo shares, active from its start.</summary>
    public static IServiceCollection AddMemorySiloLease(this IServiceCollection services, SiloLeaseOptions? options = null)
    {
        options ??= new SiloLeaseOptions();
        return services.AddSiloLease(options, _ => new MemorySiloLease(options.ClusterName));
    }

    private static ServiceDescriptor AsKeyed(ServiceDescriptor service, string key) => service switch
    {
        { ImplementationInstance: { } instance } => new ServiceDescriptor(service.ServiceType, key, instance),
        { ImplementationFactory: { } factory } => new ServiceDescriptor(service.ServiceType, key, (sp, _) => factory(sp), service.Lifetime),
        { ImplementationType: { } type } => new ServiceDescriptor(service.ServiceType, key, type, service.Lifetime),
        _ => throw new InvalidOperationException($"The IGrainStorage registration {service} has no instance, factory or type to guard."),
    };
}
