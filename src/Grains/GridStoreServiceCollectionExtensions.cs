using Beddengrid.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beddengrid.Grains;

public static class GridStoreServiceCollectionExtensions
{
    /// <summary>Registers the grain storage and audit log of the chosen store; call before <c>AddGrid</c>.</summary>
    public static IServiceCollection AddGridStore(this IServiceCollection services, GridStoreOptions options)
    {
        switch (options.Kind)
        {
            case StoreKind.Memory:
                services.AddSingleton<IGrainStorage, MemoryGrainStorage>();
                services.AddSingleton<IAuditLog, MemoryAuditLog>();
                break;
            case StoreKind.Sqlite:
                Directory.CreateDirectory(options.DataFolder);
                var sqlite = new SqliteStorageOptions { DataFolder = options.DataFolder, CheckpointPages = options.CheckpointPages, CommitInterval = options.CommitInterval, LogSlackRows = options.LogSlackRows };
                services.AddSingleton(_ => new SqliteGrainStorage(sqlite));
                services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<SqliteGrainStorage>());
                services.AddSingleton<IAuditLog>(sp => new SqliteAuditLog(sp.GetRequiredService<SqliteGrainStorage>(), sqlite.FilePath, sp.GetService<ILogger<SqliteAuditLog>>()));
                break;
            case StoreKind.AzureTable:
                var azure = new AzureTableStorageOptions
                {
                    ConnectionString = options.ConnectionString ?? throw new InvalidOperationException("Store:ConnectionString is required for the Azure Table store."),
                    TableName = options.TableName,
                };
                services.AddSingleton<IGrainStorage>(_ => new AzureTableGrainStorage(azure));
                services.AddSingleton(_ => new AzureTableAppendLog(azure, $"{options.TableName}audit"));
                services.AddSingleton<IAuditLog>(sp => new AzureTableAuditLog(sp.GetRequiredService<AzureTableAppendLog>()));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "Unknown store kind.");
        }
        return services;
    }
}
