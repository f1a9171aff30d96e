using Beddengrid.Frontend.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Beddengrid.Frontend.Standalone;

/// <summary>
/// Forwards the pages' API calls to the silo unchanged (method, path, query, body, the caller's API key) and streams the
/// answer back, so a standalone frontend serves the same pages against a remote grid. The silo authorises each call.
/// </summary>
public static class SiloApiForwarder
{
    /// <summary>The client for forwarded calls, whose timeout is <see cref="SiloOptions.AnswerTimeout"/>.</summary>
    public const string ClientName = "silo-api";

    private static readonly string[] ForwardedRequestHeaders = [ApiKeyAuthenticationHandler.HeaderName, "Authorization", "Accept", "Accept-Language"];
    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Transfer-Encoding", "Connection", "Keep-Alive" };

    public static async Task Forward(HttpContext context, IHttpClientFactory clients, ActiveSilo activeSilo, IOptions<SiloOptions> options)
    {
        if (activeSilo.Current is not { } silo)
        {
            context.Response.Headers.RetryAfter = "1";
            await GridProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "silo", "No silo is active right now (a failover is under way); retry shortly.");
            return;
        }
        var inbound = context.Request;
        using var outbound = new HttpRequestMessage(new HttpMethod(inbound.Method), new Uri(silo, $"{inbound.Path.ToUriComponent().TrimStart('/')}{inbound.QueryString}"));
        foreach (var name in ForwardedRequestHeaders)
        {
            if (inbound.Headers.TryGetValue(name, out var values))
            {
                outbound.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        if (inbound.ContentLength > 0 || inbound.Headers.TransferEncoding.Count > 0)
        {
            outbound.Content = new StreamContent(inbound.Body);
            if (inbound.ContentType is { } contentType)
            {
                outbound.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(outbound, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException exception)
        {
            await GridProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "silo", $"The silo did not answer: {exception.Message}");
            return;
        }
        catch (TaskCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Headers.RetryAfter = "1";
            await GridProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "silo", $"The silo did not start to answer within {options.Value.AnswerTimeout.TotalSeconds:0.#} s; retry shortly.");
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHopHeaders.Contains(h.Key)))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}
