using System.Net;

namespace Beddengrid.Storage.Tests;

/// <summary>The Azure store's retry policy, against a scripted HTTP handler standing in for the service.</summary>
public sealed class AzureTableRetryTests
{
    private static readonly GrainId Bed = new("BedGrain", "LOC1/bed-1");

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task Transient_answer_is_retried_until_the_service_answers(HttpStatusCode transient)
    {
        var service = new ScriptedService(_ => new HttpResponseMessage(transient), _ => new HttpResponseMessage(transient), _ => new HttpResponseMessage(HttpStatusCode.NotFound));

        var state = await ReadAsync(service);

        Assert.False(state.RecordExists);
        Assert.Equal(3, service.EntityRequests);
    }

    [Fact]
    public async Task Network_failure_is_retried()
    {
        var service = new ScriptedService(_ => throw new HttpRequestException("connection reset"), _ => new HttpResponseMessage(HttpStatusCode.NotFound));

        await ReadAsync(service);

        Assert.Equal(2, service.EntityRequests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Client_error_is_not_retried(HttpStatusCode clientError)
    {
        var service = new ScriptedService(_ => new HttpResponseMessage(clientError), _ => new HttpResponseMessage(HttpStatusCode.NotFound));

        var refused = await Assert.ThrowsAsync<TableServiceException>(() => ReadAsync(service));

        Assert.Equal(clientError, refused.Status);
        Assert.Equal(1, service.EntityRequests);
    }

    [Fact]
    public async Task Persistent_server_error_surfaces_after_the_configured_retries()
    {
        var service = new ScriptedService(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), 10).ToArray());

        var refused = await Assert.ThrowsAsync<TableServiceException>(() => ReadAsync(service, maxRetryAttempts: 2));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal(3, service.EntityRequests);
    }

    [Fact]
    public async Task Every_request_carries_a_shared_key_signature_and_the_service_version()
    {
        var service = new ScriptedService(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        await ReadAsync(service);

        Assert.All(service.Requests, request =>
        {
            Assert.StartsWith("SharedKey devstoreaccount1:", request.Headers.GetValues("Authorization").Single());
            Assert.Equal("2019-02-02", request.Headers.GetValues("x-ms-version").Single());
            Assert.True(request.Headers.Contains("x-ms-date"));
        });
    }

    [Fact]
    public async Task An_append_retried_after_the_service_stored_it_counts_as_appended()
    {
        // The first answer is lost (503 here); the retry finds the row the first attempt stored.
        var service = new ScriptedService(
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => new HttpResponseMessage(HttpStatusCode.Conflict)
            {
                Content = new StringContent("""{"odata.error":{"code":"EntityAlreadyExists","message":{"lang":"en-US","value":"The specified entity already exists."}}}"""),
            });
        using var http = new HttpClient(service);
        using var log = new AzureTableAppendLog(
            new AzureTableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TableName = "retries", FirstRetryDelay = TimeSpan.FromMilliseconds(1) },
            "audit", http);

        await log.AppendAsync("case-V0000001", "0638999-6f1c", new Dictionary<string, string?> { ["Event"] = "held" });

        Assert.Equal(2, service.EntityRequests);
    }

    [Fact]
    public async Task An_append_refused_for_another_reason_fails()
    {
        var service = new ScriptedService(_ => new HttpResponseMessage(HttpStatusCode.Forbidden));
        using var http = new HttpClient(service);
        using var log = new AzureTableAppendLog(
            new AzureTableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TableName = "retries", FirstRetryDelay = TimeSpan.FromMilliseconds(1) },
            "audit", http);

        var refused = await Assert.ThrowsAsync<TableServiceException>(() => log.AppendAsync("case-V0000001", "0638999-6f1c", new Dictionary<string, string?>()));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    private static async Task<GrainState<BedState>> ReadAsync(ScriptedService service, int maxRetryAttempts = 4)
    {
        using var http = new HttpClient(service);
        using var storage = new AzureTableGrainStorage(
            new AzureTableStorageOptions
            {
                ConnectionString = "UseDevelopmentStorage=true",
                TableName = "retries",
                FirstRetryDelay = TimeSpan.FromMilliseconds(1),
                MaxRetryAttempts = maxRetryAttempts,
            },
            http);
        var state = new GrainState<BedState>(new BedState());
        await storage.ReadStateAsync("bed", Bed, state);
        return state;
    }

    /// <summary>Creates every table it is asked to, and answers entity requests from a script, one step per request.</summary>
    private sealed class ScriptedService(params Func<HttpRequestMessage, HttpResponseMessage>[] script) : HttpMessageHandler
    {
        private int _next;

        public int EntityRequests => _next;
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            if (request.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
            }
            return Task.FromResult(script[_next++](request));
        }
    }
}
