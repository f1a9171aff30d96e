using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Beddengrid.Frontend.Access;
using Microsoft.AspNetCore.RateLimiting;

namespace Beddengrid.Silo.Http;

/// <summary>
/// Configuration section "RateLimit": a token bucket per API key (per address without one), and a bound on the change
/// feed's streams each key may hold open at once.
/// </summary>
public sealed class ApiRateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 1000;
    public int Burst { get; set; } = 2000;
    public int FeedStreamsPerKey { get; set; } = 16;
}

public static class ApiRateLimiting
{
    public const string Policy = "api";

    /// <summary>A feed stream lasts as long as its reader stays: a per-second rate would not bound how many stay open.</summary>
    public const string FeedPolicy = "feed";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration rateLimit)
    {
        var limits = rateLimit.Get<ApiRateLimitOptions>() ?? new ApiRateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(
                PartitionOf(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.AddPolicy(FeedPolicy, context => RateLimitPartition.GetConcurrencyLimiter(
                PartitionOf(context),
                _ => new ConcurrencyLimiterOptions { PermitLimit = limits.FeedStreamsPerKey, QueueLimit = 0 }));
            options.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var reason = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == FeedPolicy
                    ? $"This key already holds {limits.FeedStreamsPerKey} feed streams open; close one, then retry after {retryAfter} s."
                    : $"More than {limits.PermitsPerSecond} requests a second for this key; retry after {retryAfter} s.";
                return new ValueTask(GridProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "rate", reason));
            };
        });
        return services;
    }

    private static string PartitionOf(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.Name) ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
}
