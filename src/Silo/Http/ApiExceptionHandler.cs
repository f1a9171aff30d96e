using System.Data.Common;
using System.Text.Json;
using Beddengrid.Frontend;
using Beddengrid.Frontend.Access;
using Beddengrid.Grains;
using Beddengrid.Runtime;
using Microsoft.AspNetCore.Diagnostics;

namespace Beddengrid.Silo.Http;

/// <summary>
/// Turns what the grid and the framework throw into problem details, so endpoints hold no try/catch: conflicts 409,
/// unknown things 404, overload, timeouts and a store that failed to save 503 with Retry-After, refusals by the domain 422, unreadable bodies 400
/// naming the JSON path, oversized bodies 413.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public const string RetryAfterSeconds = "1";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, field, reason) = exception switch
        {
            GridConflictException conflict => (StatusCodes.Status409Conflict, conflict.Field, conflict.Message),
            GridNotFoundException notFound => (StatusCodes.Status404NotFound, notFound.Field, notFound.Message),
            GrainOverloadedException => (StatusCodes.Status503ServiceUnavailable, "grid", "The grid is overloaded; retry shortly."),
            GrainCallTimeoutException => (StatusCodes.Status503ServiceUnavailable, "grid", "The grid did not answer in time; retry shortly."),
            SiloNotActiveException => (StatusCodes.Status503ServiceUnavailable, "grid", "This silo is not the active one (its lease lapsed or it is a standby); retry shortly."),
            // The grain reloads what the store holds, so the same request, retried with the same id, finds it as it is.
            InconsistentStateException => (StatusCodes.Status503ServiceUnavailable, "grid", "A record changed under this request and has been reloaded; retry shortly with the same id."),
            BadHttpRequestException { InnerException: UnknownEnumNameException unknown } bad => (bad.StatusCode, FieldOf(unknown), unknown.Message),
            BadHttpRequestException { InnerException: JsonException json } bad => (bad.StatusCode, FieldOf(json), ReasonOf(json)),
            // The framework's wording for a missing or null body speaks of parameters and services, not of the request.
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, InnerException: null } bad when bad.Message.Contains("not provided", StringComparison.Ordinal) || bad.Message.Contains("no body was provided", StringComparison.Ordinal)
                => (bad.StatusCode, "body", "A JSON object is required as the body."),
            BadHttpRequestException bad => (bad.StatusCode, "body", bad.Message),
            // After the request's own errors: BadHttpRequestException is an IOException too.
            IOException or DbException or TableServiceException or HttpRequestException
                => (StatusCodes.Status503ServiceUnavailable, "store", "The grid's store did not save this change, so it was not acknowledged; retry shortly with the same id."),
            ArgumentException argument => (StatusCodes.Status422UnprocessableEntity, argument.ParamName ?? "body", argument.Message),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = exception is SiloNotActiveException notActive
                ? Math.Ceiling(notActive.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : RetryAfterSeconds;
            logger.LogWarning("Answered 503 to {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.Message);
        }
        await GridProblems.WriteAsync(context, status, field, reason);
        return true;
    }

    /// <summary>"$.household[0].ageBand" becomes "household[0].ageBand"; a body that is not JSON at all is "body".</summary>
    private static string FieldOf(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";

    /// <remarks>The serializer says what went wrong only in its message; an unrecognised wording gets the general reason.</remarks>
    private static string ReasonOf(JsonException json) => json.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "Unknown field: check its spelling against the API (/openapi/v1.json).",
        var m when m.Contains("uplicate", StringComparison.Ordinal) => "The field is given more than once.",
        _ when json.Path is { Length: > 2 } => "The value has the wrong type or is not one of the allowed values.",
        _ => "The body is not valid JSON.",
    };
}
