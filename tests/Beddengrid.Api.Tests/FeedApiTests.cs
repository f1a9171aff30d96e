using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Beddengrid.Frontend.Feed;
using Beddengrid.Grains;
using static Beddengrid.Api.Tests.Requests;

namespace Beddengrid.Api.Tests;

public sealed class FeedApiTests(GridApiFactory grid) : IClassFixture<GridApiFactory>
{
    [Fact]
    public async Task The_feed_starts_with_a_snapshot_then_sends_changed_locations_as_deltas_in_increasing_sequence_order()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await grid.As(GridApiFactory.ViewerKey).GetAsync("/api/feed", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(FeedEvents.Snapshot, events.Current.EventType);
        var snapshot = JsonSerializer.Deserialize<FeedSnapshot>(events.Current.Data, GridApiFactory.Json)!;
        Assert.Equal(snapshot.Version.ToString(), events.Current.EventId);
        Assert.Equal(snapshot.Totals.National.Locations, snapshot.Locations.Count);

        var placed = await (await grid.As(GridApiFactory.IntakeKey).PostJson("/api/placements", Placement(household: [Adult(), Adult("Female", "Partner")], phase: "ExtendedProcedure")))
            .Read<PlacementView>(HttpStatusCode.Created);

        var previous = snapshot.Version;
        PictureDelta? delta;
        do
        {
            Assert.True(await events.MoveNextAsync());
            Assert.Equal(FeedEvents.Delta, events.Current.EventType);
            delta = JsonSerializer.Deserialize<PictureDelta>(events.Current.Data, GridApiFactory.Json)!;
            Assert.True(delta.Sequence > previous, $"delta {delta.Sequence} came after {previous}");
            Assert.Equal(delta.Sequence.ToString(), events.Current.EventId);
            previous = delta.Sequence;
        }
        while (delta.Location is not { } location || location.Code != placed.LocationCode || location.Beds.Held < 2);
        await timeout.CancelAsync();
    }
}

public sealed class TwoFeedStreamsFactory : GridApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimit:FeedStreamsPerKey"] = "2",
    };
}

public sealed class FeedStreamLimitApiTests(TwoFeedStreamsFactory grid) : IClassFixture<TwoFeedStreamsFactory>
{
    [Fact]
    public async Task A_key_holding_its_limit_of_open_feed_streams_is_refused_another_until_one_closes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var viewer = grid.As(GridApiFactory.ViewerKey);
        var first = await viewer.GetAsync("/api/feed", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var second = await viewer.GetAsync("/api/feed", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));

        using var third = await viewer.GetAsync("/api/feed", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        await third.AssertProblem(HttpStatusCode.TooManyRequests, "rate");
        Assert.NotNull(third.Headers.RetryAfter);
        using var otherKey = await grid.As(GridApiFactory.DeskKey).GetAsync("/api/feed", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);

        first.Dispose();
        HttpResponseMessage again;
        do
        {
            // The server learns of the closed stream when its next write or the abort reaches it.
            await Task.Delay(50, timeout.Token);
            again = await viewer.GetAsync("/api/feed", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        while (again.StatusCode == HttpStatusCode.TooManyRequests);
        using (again)
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
    }
}
