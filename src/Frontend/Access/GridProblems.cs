using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beddengrid.Frontend.Access;

/// <summary>
/// The one shape of every 4xx and 5xx the grid answers: RFC 7807 problem details whose <c>errors</c> dictionary names the
/// offending field and says why, so that a client can point at the input to correct.
/// </summary>
public static class GridProblems
{
    public static HttpValidationProblemDetails Details(int status, string field, string reason) =>
        Details(status, new Dictionary<string, string[]> { [field] = [reason] });

    public static HttpValidationProblemDetails Details(int status, IDictionary<string, string[]> errors) => new(errors)
    {
        Status = status,
        Title = TitleOf(status),
        Detail = string.Join(" ", errors.SelectMany(e => e.Value)),
        Type = $"https://httpstatuses.io/{status}",
    };

    public static ProblemHttpResult Result(int status, string field, string reason) => TypedResults.Problem(Details(status, field, reason));

    public static ProblemHttpResult Result(int status, IDictionary<string, string[]> errors) => TypedResults.Problem(Details(status, errors));

    /// <summary>Writes a problem straight to the response, for middleware and handlers that run outside an endpoint.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string field, string reason)
    {
        context.Response.StatusCode = status;
        var problemDetails = context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
        var details = Details(status, field, reason);
        if (problemDetails is null || !await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details }))
        {
            await context.Response.WriteAsJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(details, options: null, contentType: "application/problem+json");
        }
    }

    /// <summary>An error answered without a body (an unknown path, a wrong method), written as problem details instead.</summary>
    public static Task WriteForEmptyAnswer(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => WriteAsync(context, StatusCodes.Status404NotFound, "path", $"Nothing is at {context.Request.Path}."),
        StatusCodes.Status405MethodNotAllowed => WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "method", $"{context.Request.Method} is not allowed here."),
        var status => WriteAsync(context, status, "request", "The request failed."),
    };

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid.",
        StatusCodes.Status401Unauthorized => "Credentials are missing or unknown.",
        StatusCodes.Status403Forbidden => "This role may not do that.",
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed.",
        StatusCodes.Status409Conflict => "The request conflicts with the grid's current state.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Send JSON.",
        StatusCodes.Status422UnprocessableEntity => "The request cannot be carried out.",
        StatusCodes.Status429TooManyRequests => "Too many requests; retry later.",
        StatusCodes.Status502BadGateway => "The silo could not be reached.",
        StatusCodes.Status503ServiceUnavailable => "The grid is busy or still loading; retry later.",
        _ => "The request failed.",
    };
}
