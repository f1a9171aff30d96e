using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Beddengrid.Runtime;

/// <summary>
/// Grain state in an Azure Storage table (Azurite in tests). All grains of one type and partition share a Table
/// partition, so a location's beds load with one partition query; writes are guarded by the entity's ETag (If-Match).
/// </summary>
public sealed partial class AzureTableGrainStorage : IGrainStorage, IDisposable
{
    private const string StoreName = "Azure Table grain store";

    private readonly TableClient _table;
    private readonly HttpClient? _ownedHttpClient;

    /// <param name="httpClient">Shared client to send requests with; when null the store creates and disposes its own.</param>
    /// <exception cref="FormatException">The connection string is malformed or incomplete.</exception>
    public AzureTableGrainStorage(AzureTableStorageOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TableName is null || !TableNamePattern().IsMatch(options.TableName))
        {
            throw new ArgumentException($"Table name '{options.TableName}' is not valid: it needs 3 to 63 letters or digits, starting with a letter.", nameof(options.TableName));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxStateBytes, nameof(options.MaxStateBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxStateBytes, GrainStateEntity.MaxDataBytes, nameof(options.MaxStateBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRetryAttempts, nameof(options.MaxRetryAttempts));

        MaxStateBytes = options.MaxStateBytes;
        _ownedHttpClient = httpClient is null ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan } : null;
        _table = new TableClient(httpClient ?? _ownedHttpClient!, AzureStorageConnectionString.Parse(options.ConnectionString), options.TableName, options, timeProvider ?? TimeProvider.System);
    }

    public int MaxStateBytes { get; }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _table.EnsureTableExistsAsync();
        if (await _table.GetEntityAsync(PartitionKey(grainId), RowKey(stateName, grainId), CancellationToken.None) is { } entity)
        {
            grainState.State = Deserialize<T>(entity, stateName, grainId);
            grainState.Stored(entity.ETag);
        }
        else
        {
            grainState.Absent();
        }
    }

    /// <remarks>A state over the size limit is refused by the call itself, before any request is sent.</remarks>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Write(stateName, grainId, grainState, GrainStorageErrors.SerializeWithinLimit(grainState.State, stateName, grainId, MaxStateBytes, StoreName));

    private async Task Write<T>(string stateName, GrainId grainId, IGrainState<T> grainState, byte[] data)
    {
        var (partitionKey, rowKey) = (PartitionKey(grainId), RowKey(stateName, grainId));
        var entity = GrainStateEntity.ToJson(partitionKey, rowKey, data);
        await _table.EnsureTableExistsAsync();
        try
        {
            grainState.Stored(grainState.ETag is null
                ? await _table.InsertEntityAsync(entity, CancellationToken.None)
                : await _table.ReplaceEntityAsync(partitionKey, rowKey, entity, grainState.ETag, CancellationToken.None));
        }
        catch (TableServiceException ex) when (IsEtagConflict(ex))
        {
            // A retried write whose first attempt did land (its answer was lost to a timeout) conflicts with itself:
            // the stored record then holds exactly these bytes, and the write has in fact succeeded.
            if (await _table.GetEntityAsync(partitionKey, rowKey, CancellationToken.None) is { } stored
                && GrainStateEntity.ReadData(stored.Properties, stateName, grainId).AsSpan().SequenceEqual(data))
            {
                grainState.Stored(stored.ETag);
                return;
            }
            throw GrainStorageErrors.EtagConflict(stateName, grainId, grainState.ETag);
        }
        catch (TableServiceException ex) when (ex.ErrorCode is "EntityTooLarge" or "RequestBodyTooLarge")
        {
            throw new GrainStateTooLargeException($"State '{stateName}' of {grainId} ({data.Length} bytes serialized) was refused by the table service as too large: {ex.Message}");
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partitionKey, rowKey) = (PartitionKey(grainId), RowKey(stateName, grainId));
        await _table.EnsureTableExistsAsync();
        if (grainState.ETag is null)
        {
            // Without an ETag the caller believes there is nothing to clear; a record that exists means it is wrong.
            if (await _table.GetEntityAsync(partitionKey, rowKey, CancellationToken.None) is not null)
            {
                throw GrainStorageErrors.EtagConflict(stateName, grainId, null);
            }
        }
        else
        {
            try
            {
                await _table.DeleteEntityAsync(partitionKey, rowKey, grainState.ETag, CancellationToken.None);
            }
            catch (TableServiceException ex) when (IsEtagConflict(ex))
            {
                throw GrainStorageErrors.EtagConflict(stateName, grainId, grainState.ETag);
            }
        }
        grainState.Absent();
    }

    public async IAsyncEnumerable<(GrainId GrainId, IGrainState<T> State)> ReadPartitionAsync<T>(
        string stateName, string grainType, string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _table.EnsureTableExistsAsync();
        var (from, before) = TableKeys.RowKeyRange(stateName);
        var filter = $"PartitionKey eq {TableClient.Literal(TableKeys.PartitionKey(grainType, partition))}"
            + $" and RowKey ge {TableClient.Literal(from)} and RowKey lt {TableClient.Literal(before)}";
        await foreach (var entity in _table.QueryAsync(filter, cancellationToken))
        {
            var grainId = new GrainId(grainType, TableKeys.GrainKeyOf(entity.RowKey, stateName));
            yield return (grainId, GrainState<T>.Stored(Deserialize<T>(entity, stateName, grainId), entity.ETag));
        }
    }

    public void Dispose() => _ownedHttpClient?.Dispose();

    /// <summary>
    /// An insert that found a record already there, a replace or delete whose ETag the record moved on from, or one
    /// that found the record gone because another writer cleared it. A missing table (404 TableNotFound) is no conflict.
    /// </summary>
    private static bool IsEtagConflict(TableServiceException ex) => (ex.Status, ex.ErrorCode) switch
    {
        (HttpStatusCode.PreconditionFailed, _) => true,
        (HttpStatusCode.Conflict, "EntityAlreadyExists") => true,
        (HttpStatusCode.NotFound, "ResourceNotFound") => true,
        _ => false,
    };

    private static T Deserialize<T>(TableEntity entity, string stateName, GrainId grainId) =>
        GrainStateSerializer.Deserialize<T>(GrainStateEntity.ReadData(entity.Properties, stateName, grainId), grainId, stateName);

    private static string PartitionKey(GrainId grainId) => TableKeys.PartitionKey(grainId.Type, grainId.Partition);

    private static string RowKey(string stateName, GrainId grainId) => TableKeys.RowKey(stateName, grainId.Key);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
