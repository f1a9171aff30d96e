using Beddengrid.Frontend.Access;
using Microsoft.AspNetCore.Http.Features;

namespace Beddengrid.Silo.Http;

/// <summary>
/// Every API body is small (a household has at most 20 members); a larger one is refused with 413 before it is read.
/// Bodies without a length are cut off by the server at the same limit.
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 64 * 1024;

    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBytes)
            {
                await GridProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "body", $"The body has {context.Request.ContentLength} bytes; at most {MaxBytes} are accepted.");
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBytes;
            }
            await next(context);
        });
        return app;
    }
}
