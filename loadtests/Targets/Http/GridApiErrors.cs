using System.Net;

namespace Beddengrid.LoadTests.Targets.Http;

/// <summary>
/// The silo refused to take the call now (503 overloaded or still loading, 429 rate limited) and said when to retry.
/// The driver records it as an error and, for a placement request, as a rejected outcome.
/// </summary>
public sealed class GridRejectedException(HttpStatusCode status, TimeSpan? retryAfter, string detail)
    : Exception($"{(int)status} {status}, retry after {(retryAfter is { } wait ? $"{wait.TotalSeconds:0.#} s" : "(not given)")}: {detail}")
{
    public HttpStatusCode Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Any other answer the target cannot use (400, 401, 403, 422, 5xx): a driver or configuration mistake, never load.</summary>
public sealed class GridApiException(HttpMethod method, string path, HttpStatusCode status, string detail)
    : Exception($"{method} {path} answered {(int)status} {status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
}
