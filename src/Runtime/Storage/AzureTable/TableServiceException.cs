using System.Net;

namespace Beddengrid.Runtime;

/// <summary>The Table service answered a request with an error status.</summary>
public sealed class TableServiceException(HttpStatusCode status, string? errorCode, string message)
    : Exception($"Table service answered {(int)status} {errorCode}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The service's error code, e.g. <c>EntityAlreadyExists</c>, when the answer carried one.</summary>
    public string? ErrorCode { get; } = errorCode;
}
