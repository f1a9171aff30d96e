using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Beddengrid.Frontend;
using Beddengrid.Frontend.Feed;
using Beddengrid.Grains;
using Beddengrid.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beddengrid.Silo.Api;

/// <summary>
/// The change feed as server-sent events: a snapshot with its version, then every delta in sequence order (the event id
/// is the sequence number); when the deltas a reader needs have left the picture's window, a new snapshot.
/// </summary>
public static class FeedEndpoints
{
    public static RouteGroupBuilder MapFeed(this RouteGroupBuilder api)
    {
        api.MapGet(GridFrontendPaths.Feed["/api".Length..], Feed).WithTags("Feed")
            .WithSummary("Server-sent events: 'snapshot' (the whole picture), then 'delta' events in sequence order.")
            .RequireRateLimiting(ApiRateLimiting.FeedPolicy);
        return api;
    }

    /// <remarks>
    /// The stream also ends when the silo begins to stop: a reader (every standalone frontend holds one) would otherwise
    /// keep the shutdown waiting for its whole timeout. Readers reconnect, to the standby if this silo is going away.
    /// </remarks>
    private static ServerSentEventsResult<object> Feed(GridPicture picture, IHostApplicationLifetime lifetime, HttpContext context)
    {
        var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(ended);
        return TypedResults.ServerSentEvents(Events(picture, ended.Token));
    }

    private static async IAsyncEnumerable<SseItem<object>> Events(GridPicture picture, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var snapshot = picture.FreshSnapshot();
        var sequence = snapshot.Version;
        yield return new SseItem<object>(FeedSnapshot.From(snapshot), FeedEvents.Snapshot) { EventId = sequence.ToString() };
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var delta in picture.DeltasAfter(sequence))
            {
                sequence = delta.Sequence;
                yield return new SseItem<object>(delta, FeedEvents.Delta) { EventId = sequence.ToString() };
            }
            try
            {
                await picture.WhenChangedAfter(sequence, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
