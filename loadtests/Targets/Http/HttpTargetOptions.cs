using System.Net;

namespace Beddengrid.LoadTests.Targets.Http;

/// <summary>
/// Where and how the HTTP target reaches a silo. <see cref="Connections"/> caps the pooled HTTP/1.1 connections, so
/// it is also the most requests the silo sees at once; more in-flight journeys queue in the client and their wait
/// counts as latency (journeys are timed from their intended start).
/// </summary>
public sealed record HttpTargetOptions
{
    public HttpTargetOptions(Uri baseAddress, string apiKey, int connections, TimeSpan requestTimeout, bool allowRemote = false)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(connections);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestTimeout, TimeSpan.Zero);
        if (!baseAddress.IsAbsoluteUri || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The target URL must be an absolute http:// or https:// address; got '{baseAddress}'.", nameof(baseAddress));
        }
        if (!allowRemote && !IsLoopback(baseAddress))
        {
            throw new ArgumentException(
                $"The target URL '{baseAddress}' is not a loopback address: load runs target 127.0.0.1, ::1 or localhost unless --allow-remote is given.",
                nameof(baseAddress));
        }
        // A base address without a trailing slash would drop its last segment when relative paths are resolved.
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        (ApiKey, Connections, RequestTimeout) = (apiKey, connections, requestTimeout);
    }

    public Uri BaseAddress { get; }

    /// <summary>Sent as X-Api-Key: an intake key places and confirms; a desk key may also transfer, depart and shape the grid.</summary>
    public string ApiKey { get; }

    public int Connections { get; }

    public TimeSpan RequestTimeout { get; }

    public static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.IdnHost, out var ip) && IPAddress.IsLoopback(ip));
}
