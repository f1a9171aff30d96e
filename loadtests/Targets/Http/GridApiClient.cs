using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Beddengrid.Grains;
using Beddengrid.LoadTests.Measurement;

namespace Beddengrid.LoadTests.Targets.Http;

/// <summary>An answer of the silo's API and the picture sequence it was given at (header X-Picture-Sequence).</summary>
internal readonly record struct ApiAnswer<T>(T Body, long PictureSequence);

/// <summary>
/// JSON calls to the silo over one pooled <see cref="HttpClient"/>: every response is read to its end (so the
/// connection goes back to the pool) and mapped the way the in-process target fails — 409 and 404 as the grid's own
/// exceptions, 503 and 429 as <see cref="GridRejectedException"/>, anything else as <see cref="GridApiException"/>.
/// Counts the requests that are out at once, so a run can show that its in-flight bound held.
/// </summary>
internal sealed class GridApiClient : IDisposable
{
    public const string PictureSequenceHeader = "X-Picture-Sequence";
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly PeakCounter _outstanding = new();

    public GridApiClient(HttpTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { BaseAddress = options.BaseAddress, Timeout = options.RequestTimeout };
        _http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
    }

    /// <summary>The most requests that were out at the same moment.</summary>
    public int PeakOutstanding => _outstanding.Peak;

    public Task<ApiAnswer<T>> Get<T>(string path) => Send<T>(HttpMethod.Get, path, body: null);

    public Task<ApiAnswer<T>> Post<T>(string path, object body) => Send<T>(HttpMethod.Post, path, body);

    /// <summary>GET that answers null for a 404 (the thing does not exist) instead of throwing.</summary>
    public async Task<T?> Find<T>(string path) where T : class
    {
        try
        {
            return (await Get<T>(path)).Body;
        }
        catch (GridNotFoundException)
        {
            return null;
        }
    }

    /// <summary>GET whose answer is read to its end and checked, but not parsed: a poll whose content the run does not use.</summary>
    public async Task Fetch(string path) => await Exchange(HttpMethod.Get, path, body: null);

    private async Task<ApiAnswer<T>> Send<T>(HttpMethod method, string path, object? body)
    {
        var (content, status, sequence) = await Exchange(method, path, body);
        var parsed = JsonSerializer.Deserialize<T>(content, GridJson.Options)
            ?? throw new GridApiException(method, path, status, "the body was JSON null");
        return new ApiAnswer<T>(parsed, sequence);
    }

    private async Task<(byte[] Content, HttpStatusCode Status, long PictureSequence)> Exchange(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            // Serialised up front so the request has a Content-Length instead of a chunked body.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), GridJson.Options));
            request.Content.Headers.ContentType = JsonMediaType;
        }
        _outstanding.Enter();
        try
        {
            // The default completion option buffers the whole body before returning.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var content = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(method, path, response, content);
            }
            return (content, response.StatusCode, SequenceOf(response));
        }
        finally
        {
            _outstanding.Leave();
        }
    }

    private static long SequenceOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(PictureSequenceHeader, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new InvalidOperationException($"The silo's answer has no {PictureSequenceHeader} header; it predates the header, so dashboard lag and quiet detection cannot work against it.");

    private static Exception Failure(HttpMethod method, string path, HttpResponseMessage response, byte[] content)
    {
        var (field, detail) = ProblemOf(content);
        return response.StatusCode switch
        {
            HttpStatusCode.Conflict => new GridConflictException(field, detail),
            HttpStatusCode.NotFound => new GridNotFoundException(field, detail),
            HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests => new GridRejectedException(response.StatusCode, RetryAfterOf(response), detail),
            _ => new GridApiException(method, path, response.StatusCode, detail),
        };
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    /// <summary>The first field named in the problem's <c>errors</c>, and its <c>detail</c> (or the raw body, if it is not a problem).</summary>
    private static (string Field, string Detail) ProblemOf(byte[] content)
    {
        try
        {
            using var problem = JsonDocument.Parse(content);
            var root = problem.RootElement;
            var field = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? errors.EnumerateObject().Select(e => e.Name).FirstOrDefault() ?? ""
                : "";
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : root.GetRawText();
            return (field, detail);
        }
        catch (JsonException)
        {
            return ("", System.Text.Encoding.UTF8.GetString(content));
        }
    }

    public void Dispose() => _http.Dispose();
}
