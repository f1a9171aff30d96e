using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Beddengrid.Runtime;

/// <summary>
/// An append-only table of text rows beside the grain table, in the same storage account (the audit log uses it).
/// Rows are only ever inserted; a partition is read back in row-key order.
/// </summary>
public sealed class AzureTableAppendLog : IDisposable
{
    private readonly TableClient _table;
    private readonly HttpClient? _ownedHttpClient;

    public AzureTableAppendLog(AzureTableStorageOptions options, string tableName, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _ownedHttpClient = httpClient is null ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan } : null;
        _table = new TableClient(httpClient ?? _ownedHttpClient!, AzureStorageConnectionString.Parse(options.ConnectionString), tableName, options, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// Inserts one row; <paramref name="partitionKey"/> and <paramref name="rowKey"/> must not contain / \ # or ?, and
    /// each row needs a row key of its own (the audit log's carry a GUID).
    /// </summary>
    public async Task AppendAsync(string partitionKey, string rowKey, IReadOnlyDictionary<string, string?> properties)
    {
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("PartitionKey", partitionKey);
            json.WriteString("RowKey", rowKey);
            foreach (var (name, value) in properties.Where(p => p.Value is not null))
            {
                json.WriteString(name, value);
            }
            json.WriteEndObject();
        }
        await _table.EnsureTableExistsAsync();
        try
        {
            await _table.InsertEntityAsync(buffer.ToArray(), CancellationToken.None);
        }
        catch (TableServiceException conflict) when (conflict.ErrorCode == "EntityAlreadyExists")
        {
            // The row key is this row's own, so the row that exists is this one: an attempt timed out after the service
            // had stored it, and the retry found it there. The append has happened.
        }
    }

    public async IAsyncEnumerable<IReadOnlyDictionary<string, string?>> ReadPartitionAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _table.EnsureTableExistsAsync();
        await foreach (var entity in _table.QueryAsync($"PartitionKey eq {TableClient.Literal(partitionKey)}", cancellationToken))
        {
            yield return entity.Properties.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString());
        }
    }

    public void Dispose() => _ownedHttpClient?.Dispose();
}
