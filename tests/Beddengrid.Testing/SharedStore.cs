namespace Beddengrid.Testing;

/// <summary>Silo arguments for a cluster on one Azure Table store: one lease row, a short lease so failover tests stay quick.</summary>
public static class SharedStore
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(6);

    public static string[] Arguments(string connectionString, string cluster) =>
    [
        "--Store:Kind", "AzureTable", "--Store:ConnectionString", connectionString, "--Store:TableName", cluster,
        "--Lease:ClusterName", cluster, "--Lease:Duration", Lease.ToString(), "--Lease:RenewInterval", "00:00:01.500",
    ];
}
