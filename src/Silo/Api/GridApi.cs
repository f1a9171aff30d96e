using Beddengrid.Frontend.Access;
using Beddengrid.Silo.Http;

namespace Beddengrid.Silo.Api;

public static class GridApi
{
    /// <summary>
    /// Everything the API needs around its endpoints: enums as names, problem details for every failure, binding
    /// failures raised so they can name the field, the rate limiter, and the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddGridApi(this IServiceCollection services, IConfiguration rateLimit)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            // A misspelt field ("need" for "needs") would otherwise drop what it said without a word, and a repeated one
            // would let its last copy win: both are refused, naming the field.
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.AllowDuplicateProperties = false;
            // A number comes as a number: "beds": "4" is refused, as an enum sent as a number is.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddApiRateLimiting(rateLimit);
        services.AddOpenApi();
        return services;
    }

    /// <summary>Problem details for exceptions and for empty 4xx answers (unknown routes, wrong methods), and the body limit.</summary>
    public static WebApplication UseGridApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => GridProblems.WriteAsync(context.HttpContext, 413, "body", $"The body is larger than the {RequestBodyLimit.MaxBytes} bytes the API accepts."),
            StatusCodes.Status415UnsupportedMediaType => GridProblems.WriteAsync(context.HttpContext, 415, "body", "Send the body as JSON, with Content-Type: application/json."),
            _ => GridProblems.WriteForEmptyAnswer(context.HttpContext),
        });
        app.UseRequestBodyLimit();
        return app;
    }

    /// <summary>The API under /api: every call authenticated (read at least), rate limited, audited under the caller's role, and answered with the picture sequence that includes it.</summary>
    public static WebApplication MapGridApi(this WebApplication app)
    {
        var api = app.MapGroup("/api")
            .RequireAuthorization(GridRoles.Policies.Read)
            .RequireRateLimiting(ApiRateLimiting.Policy)
            .AddEndpointFilter<ActingRole>()
            .AddEndpointFilter<PictureSequenceHeader>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPlacements()
            .MapCases()
            .MapLocations()
            .MapPicture()
            .MapDesk()
            .MapWaiting()
            .MapFeed();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
