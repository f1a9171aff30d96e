using System.Net.ServerSentEvents;
using System.Text.Json;
using Beddengrid.Frontend.Access;
using Beddengrid.Frontend.Feed;
using Beddengrid.Grains;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beddengrid.Frontend.Standalone;

/// <summary>
/// Keeps this process's <see cref="GridPicture"/> a mirror of the silo's by reading its change feed, so the hub and
/// broadcaster work here exactly as inside the silo. Reconnects after any failure and starts from the silo's snapshot.
/// </summary>
public sealed class SiloFeedMirror(
    ActiveSilo activeSilo,
    GridPicture picture,
    IHttpClientFactory clients,
    IOptions<SiloOptions> silo,
    IOptions<JsonOptions> json,
    ILogger<SiloFeedMirror> logger) : BackgroundService
{
    public const string ClientName = "silo";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>True once the first snapshot has been mirrored and the feed is open.</summary>
    public bool IsLive { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Follow(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Change feed of the silo at {Silo} is not readable ({Error}); retrying in {Delay}.", activeSilo.Current, exception.Message, RetryDelay);
            }
            IsLive = false;
            try
            {
                await Task.Delay(RetryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task Follow(CancellationToken cancellationToken)
    {
        var active = activeSilo.Current ?? throw new InvalidOperationException("No silo is ready.");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(active, GridFrontendPaths.Feed.TrimStart('/')));
        request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, silo.Value.ApiKey);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var options = json.Value.SerializerOptions;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            switch (item.EventType)
            {
                case FeedEvents.Snapshot:
                    Mirror(JsonSerializer.Deserialize<FeedSnapshot>(item.Data, options)!);
                    IsLive = true;
                    break;
                case FeedEvents.Delta:
                    Apply(JsonSerializer.Deserialize<PictureDelta>(item.Data, options)!);
                    break;
            }
        }
    }

    private void Mirror(FeedSnapshot snapshot)
    {
        picture.SetTargets(snapshot.Targets);
        foreach (var location in snapshot.Locations)
        {
            picture.Publish(location);
        }
        picture.PublishWaiting(snapshot.Totals.Pressure.Waiting);
        logger.LogInformation("Mirrored the silo's picture at version {Version}: {Locations} locations.", snapshot.Version, snapshot.Locations.Count);
    }

    private void Apply(PictureDelta delta)
    {
        if (delta.Location is { } location)
        {
            picture.Publish(location);
        }
        if (delta.Waiting is { } waiting)
        {
            picture.PublishWaiting(waiting);
        }
    }
}
