using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Beddengrid.Frontend.Access;
using Microsoft.AspNetCore.RateLimiting;

namespace Beddengrid.Silo.Http;

/// <summary>Configuration section "RateLimit": a token bucket per API key (per address without one).</summary>
public sealed class ApiRateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 1000;
    public int Burst { get; set; } = 2000;
}

public static class ApiRateLimiting
{
    public const string Policy = "api";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration rateLimit)
    {
        var limits = rateLimit.Get<ApiRateLimitOptions>() ?? new ApiRateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirstValue(ClaimTypes.Name) ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(GridProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "rate",
                    $"More than {limits.PermitsPerSecond} requests a second for this key; retry after {retryAfter} s."));
            };
        });
        return services;
    }
}
