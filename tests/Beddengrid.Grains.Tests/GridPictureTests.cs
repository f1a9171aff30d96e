using static Beddengrid.Grains.Tests.TinyGrid;

namespace Beddengrid.Grains.Tests;

public sealed class GridPictureTests : IAsyncLifetime
{
    private readonly GridHost _grid = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _grid.DisposeAsync();

    [Fact]
    public async Task Deltas_after_a_version_carry_each_changed_location_once_in_its_latest_summary_in_sequence_order()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 4, roomSize: 1));
        await Register(_grid, Profile("AZC-B"), Rooms(BedGroup.SingleWomen, rooms: 4, roomSize: 1));
        var before = _grid.Picture.Sequence;

        await _grid.Request(Request("p1", SingleMan));
        await _grid.Request(Request("p2", SingleWoman));
        await _grid.Request(Request("p3", SingleMan));

        var deltas = _grid.Picture.DeltasAfter(before);
        var locations = deltas.Where(d => d.Location is not null).ToArray();
        Assert.Equal(["AZC-B", "AZC-A"], locations.Select(d => d.Location!.Code));
        Assert.All(locations, d => Assert.Equal(d.Sequence, d.Location!.Version));
        Assert.Equal(2, locations[1].Location!.Beds.Held);
        Assert.Equal(deltas.Select(d => d.Sequence).Order(), deltas.Select(d => d.Sequence));
        Assert.Equal(_grid.Picture.Sequence, deltas[^1].Sequence);
        Assert.Empty(_grid.Picture.DeltasAfter(_grid.Picture.Sequence));
    }

    [Fact]
    public async Task A_reader_far_behind_gets_each_changed_location_once_in_its_current_state()
    {
        await Register(_grid, Profile("AZC-A"), Rooms(BedGroup.SingleMen, rooms: 2, roomSize: 1));
        for (var i = 0; i < 50; i++)
        {
            await _grid.Request(Request($"p{i}", SingleMan));
            await _grid.Placement($"p{i}").Cancel();
        }

        var deltas = _grid.Picture.DeltasAfter(0);

        var location = Assert.Single(deltas, d => d.Location is not null).Location!;
        Assert.Equal(0, location.Beds.Held);
        Assert.Equal(2, location.Beds.Available);
    }
}
