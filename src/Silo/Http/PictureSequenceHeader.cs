using System.Globalization;
using Beddengrid.Grains;

namespace Beddengrid.Silo.Http;

/// <summary>
/// Every API answer names the picture's sequence at the moment it was answered (<c>X-Picture-Sequence</c>). A grid change
/// publishes its delta before the grain call returns, so any snapshot, feed event or hub update at or above this
/// version includes the caller's change: dashboards can wait for their own writes, and load tests measure dashboard lag
/// from it without an extra read.
/// </summary>
public sealed class PictureSequenceHeader(GridPicture picture) : IEndpointFilter
{
    public const string HeaderName = "X-Picture-Sequence";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        context.HttpContext.Response.Headers[HeaderName] = picture.Sequence.ToString(CultureInfo.InvariantCulture);
        return result;
    }
}
