using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Beddengrid.Runtime;

/// <summary>
/// A cluster's lease as one Azure Table row (PartitionKey <c>lease</c>, RowKey the cluster name) with the owner and the
/// expiry. Created with an insert, which the service refuses with 409 when the row exists; changed with a replace
/// carrying If-Match, which it refuses with 412 once the row moved on: the conditional writes of Orleans' membership table.
/// </summary>
public sealed partial class AzureTableSiloLease : ISiloLease, IDisposable
{
    public const string DefaultTableName = "SiloLease";
    private const string LeasePartition = "lease";

    private readonly TableClient _table;
    private readonly HttpClient? _ownedHttpClient;

    /// <param name="httpClient">Shared client to send requests with; when null the lease creates and disposes its own.</param>
    /// <exception cref="FormatException">The connection string is malformed or incomplete.</exception>
    public AzureTableSiloLease(string connectionString, string clusterName, string tableName = DefaultTableName, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        if (clusterName is null || !ClusterNamePattern().IsMatch(clusterName))
        {
            throw new ArgumentException($"Cluster name '{clusterName}' is not valid: it needs 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit.", nameof(clusterName));
        }
        ClusterName = clusterName;
        var options = new AzureTableStorageOptions { ConnectionString = connectionString, TableName = tableName };
        _ownedHttpClient = httpClient is null ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan } : null;
        _table = new TableClient(httpClient ?? _ownedHttpClient!, AzureStorageConnectionString.Parse(connectionString), tableName, options, timeProvider ?? TimeProvider.System);
    }

    public string ClusterName { get; }

    public async Task<SiloLeaseRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        await _table.EnsureTableExistsAsync().WaitAsync(cancellationToken);
        return await _table.GetEntityAsync(LeasePartition, ClusterName, cancellationToken) is { } entity
            ? new SiloLeaseRecord(entity.Properties.GetProperty("Owner").GetString()!, entity.Properties.GetProperty("ExpiresAt").GetDateTimeOffset(), entity.ETag)
            : null;
    }

    public async Task<SiloLeaseRecord?> TryCreateAsync(string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await _table.EnsureTableExistsAsync().WaitAsync(cancellationToken);
        try
        {
            var etag = await _table.InsertEntityAsync(ToJson(owner, expiresAt), cancellationToken);
            return new SiloLeaseRecord(owner, expiresAt, etag);
        }
        catch (TableServiceException ex) when (ex.Status == HttpStatusCode.Conflict && ex.ErrorCode == "EntityAlreadyExists")
        {
            return null;
        }
    }

    public async Task<SiloLeaseRecord?> TryReplaceAsync(SiloLeaseRecord current, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        await _table.EnsureTableExistsAsync().WaitAsync(cancellationToken);
        try
        {
            var etag = await _table.ReplaceEntityAsync(LeasePartition, ClusterName, ToJson(owner, expiresAt), current.ETag, cancellationToken);
            return new SiloLeaseRecord(owner, expiresAt, etag);
        }
        catch (TableServiceException ex) when (ex.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            // 412: another silo wrote the row since it was read; 404: the row was deleted, e.g. by an operator.
            return null;
        }
    }

    public void Dispose() => _ownedHttpClient?.Dispose();

    private ReadOnlyMemory<byte> ToJson(string owner, DateTimeOffset expiresAt) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["PartitionKey"] = LeasePartition,
            ["RowKey"] = ClusterName,
            ["Owner"] = owner,
            ["ExpiresAt@odata.type"] = "Edm.DateTime",
            ["ExpiresAt"] = expiresAt.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        });

    // Table keys forbid '/', '\', '#', '?' and control characters; a plain name also reads well in the table.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex ClusterNamePattern();
}
