using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Beddengrid.Runtime;

/// <summary>One entity as the Table service returned it, with the ETag that guards its next change.</summary>
internal readonly record struct TableEntity(JsonElement Properties, string ETag)
{
    public string RowKey => Properties.GetProperty("RowKey").GetString()!;
}

/// <summary>
/// The few Table service operations grain storage needs, over <see cref="HttpClient"/> with SharedKey authorisation.
/// Every request is retried with exponential backoff after a 5xx, a 408, a timeout or a network failure, and never
/// after any other 4xx: those say something about the request that a retry would not change.
/// </summary>
internal sealed class TableClient
{
    private const string ServiceVersion = "2019-02-02";
    private const string NoMetadata = "application/json;odata=nometadata";

    // Reads ask for minimal metadata because only then does each entity of a query carry its own odata.etag.
    private const string MinimalMetadata = "application/json;odata=minimalmetadata";

    private readonly HttpClient _http;
    private readonly TableSharedKeyCredential _credential;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage> _resilience;
    private readonly string _tableName;
    private readonly string _tablePath;
    private readonly string _tablesUri;
    private Task? _tableCreation;

    public TableClient(HttpClient http, AzureStorageConnectionString account, string tableName, AzureTableStorageOptions options, TimeProvider time)
    {
        _http = http;
        _credential = new TableSharedKeyCredential(account.AccountName, account.AccountKey);
        _time = time;
        _tableName = tableName;
        _tablePath = $"{account.TableEndpoint.AbsoluteUri.TrimEnd('/')}/{tableName}";
        _tablesUri = $"{account.TableEndpoint.AbsoluteUri.TrimEnd('/')}/Tables";
        _resilience = CreateResilience(options, time);
    }

    /// <summary>Creates the table once; a failed attempt is not remembered, so the next call tries again.</summary>
    public Task EnsureTableExistsAsync()
    {
        var creation = _tableCreation;
        if (creation is null || creation.IsFaulted || creation.IsCanceled)
        {
            creation = CreateTableIfNotExistsAsync(CancellationToken.None);
            _tableCreation = creation;
        }
        return creation;
    }

    private async Task CreateTableIfNotExistsAsync(CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = _tableName });
        using var response = await SendAsync(() => Request(HttpMethod.Post, _tablesUri, NoMetadata, body), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await EnsureSuccessAsync(response);
        }
    }

    public async Task<TableEntity?> GetEntityAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Get, EntityUri(partitionKey, rowKey), MinimalMetadata), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response);
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        return ToEntity(json.RootElement.Clone());
    }

    /// <returns>The new entity's ETag.</returns>
    public async Task<string> InsertEntityAsync(ReadOnlyMemory<byte> entityJson, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Post, _tablePath, NoMetadata, entityJson), cancellationToken);
        return await ETagOfSuccessAsync(response);
    }

    /// <returns>The replaced entity's new ETag.</returns>
    public async Task<string> ReplaceEntityAsync(string partitionKey, string rowKey, ReadOnlyMemory<byte> entityJson, string ifMatch, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Put, EntityUri(partitionKey, rowKey), NoMetadata, entityJson, ifMatch), cancellationToken);
        return await ETagOfSuccessAsync(response);
    }

    public async Task DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Delete, EntityUri(partitionKey, rowKey), NoMetadata, ifMatch: ifMatch), cancellationToken);
        await EnsureSuccessAsync(response);
    }

    /// <summary>Every entity matching the OData <paramref name="filter"/>, following continuation tokens page by page.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"$filter={Uri.EscapeDataString(filter)}";
        var continuation = "";
        do
        {
            var uri = $"{_tablePath}()?{query}{continuation}";
            using var response = await SendAsync(() => Request(HttpMethod.Get, uri, MinimalMetadata), cancellationToken);
            await EnsureSuccessAsync(response);
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            foreach (var entity in json.RootElement.GetProperty("value").EnumerateArray())
            {
                yield return ToEntity(entity.Clone());
            }
            continuation = ContinuationOf(response);
        }
        while (continuation.Length > 0);
    }

    /// <summary>An OData string literal: single quotes doubled, the whole enclosed in single quotes.</summary>
    public static string Literal(string value) => $"'{value.Replace("'", "''")}'";

    private string EntityUri(string partitionKey, string rowKey) =>
        $"{_tablePath}(PartitionKey={Uri.EscapeDataString(Literal(partitionKey))},RowKey={Uri.EscapeDataString(Literal(rowKey))})";

    private static string ContinuationOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-continuation-NextPartitionKey", out var nextPartition)
            ? $"&NextPartitionKey={Uri.EscapeDataString(nextPartition.First())}"
                + (response.Headers.TryGetValues("x-ms-continuation-NextRowKey", out var nextRow) ? $"&NextRowKey={Uri.EscapeDataString(nextRow.First())}" : "")
            : "";

    private static TableEntity ToEntity(JsonElement properties) =>
        new(properties, properties.GetProperty("odata.etag").GetString()!);

    private static HttpRequestMessage Request(HttpMethod method, string uri, string accept, ReadOnlyMemory<byte>? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("x-ms-version", ServiceVersion);
        request.Headers.Add("DataServiceVersion", "3.0");
        request.Headers.Add("MaxDataServiceVersion", "3.0;NetFx");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        if (ifMatch is not null)
        {
            // Table ETags look like W/"datetime'2026-...'"; sent verbatim, as the service issued them.
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (body is { } content)
        {
            request.Headers.Add("Prefer", "return-no-content");
            request.Content = new ReadOnlyMemoryContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
        await _resilience.ExecuteAsync(async attemptCancellation =>
        {
            // A request cannot be sent twice, and each attempt needs a fresh x-ms-date in its signature.
            using var request = createRequest();
            _credential.Sign(request, _time.GetUtcNow());
            return await _http.SendAsync(request, attemptCancellation);
        }, cancellationToken);

    private static async Task<string> ETagOfSuccessAsync(HttpResponseMessage response)
    {
        await EnsureSuccessAsync(response);
        return response.Headers.TryGetValues("ETag", out var etag)
            ? etag.First()
            : throw new TableServiceException(response.StatusCode, null, "the answer to a write carried no ETag header.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var (code, message) = await ReadErrorAsync(response);
        throw new TableServiceException(response.StatusCode, code, message);
    }

    private static async Task<(string? Code, string Message)> ReadErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            using var json = JsonDocument.Parse(body);
            var error = json.RootElement.GetProperty("odata.error");
            return (error.GetProperty("code").GetString(), error.GetProperty("message").GetProperty("value").GetString() ?? "");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, body.Length > 0 ? body : response.ReasonPhrase ?? "");
        }
    }

    private static ResiliencePipeline<HttpResponseMessage> CreateResilience(AzureTableStorageOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.FirstRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = retry =>
                {
                    retry.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
}
