using System.Security.Claims;
using Beddengrid.Frontend.Hub;
using Beddengrid.Grains;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Beddengrid.Api.Tests;

public sealed class GridHubTests(GridApiFactory grid) : IClassFixture<GridApiFactory>
{
    private readonly RecordingGroups _groups = new();

    private GridHub Hub() => new(grid.Services.GetRequiredService<GridPicture>(), grid.Services.GetRequiredService<GridConnections>())
    {
        Context = new Caller(),
        Groups = _groups,
    };

    [Theory]
    [InlineData(null)]
    [InlineData("Atlantis")]
    public async Task Watching_a_missing_or_unknown_province_is_refused_with_a_reason_and_joins_no_group(string? province)
    {
        var refused = await Assert.ThrowsAsync<HubException>(() => Hub().WatchProvince(province));

        Assert.Contains("Unknown province", refused.Message);
        Assert.Contains("Drenthe", refused.Message);
        Assert.Empty(_groups.Joined);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("NOPE")]
    public async Task Watching_a_missing_or_unknown_location_is_refused_with_a_reason_and_joins_no_group(string? code)
    {
        var refused = await Assert.ThrowsAsync<HubException>(() => Hub().WatchLocation(code));

        Assert.Contains("Unknown location", refused.Message);
        Assert.Empty(_groups.Joined);
    }

    [Fact]
    public async Task Watching_a_province_joins_its_group_and_answers_its_locations()
    {
        var update = await Hub().WatchProvince("Drenthe");

        Assert.NotEmpty(update.Locations);
        Assert.All(update.Locations, location => Assert.Equal("Drenthe", location.Profile.Province));
        Assert.Equal([GridHubGroups.Province("Drenthe")], _groups.Joined);
    }

    private sealed class RecordingGroups : IGroupManager
    {
        public List<string> Joined { get; } = [];

        public Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
        {
            Joined.Add(groupName);
            return Task.CompletedTask;
        }

        public Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class Caller : HubCallerContext
    {
        public override string ConnectionId => "test-connection";
        public override string? UserIdentifier => null;
        public override ClaimsPrincipal? User => null;
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
