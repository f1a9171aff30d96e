using Beddengrid.Runtime;
using Beddengrid.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beddengrid.Grains.Tests;

/// <summary>A grid in-process on the memory store, with the test's clock.</summary>
public sealed class GridHost : IAsyncDisposable
{
    public static readonly DateOnly Today = new(2024, 1, 10);

    public GridHost(Action<GridOptions>? configure = null)
    {
        Host = new GrainTestHost(typeof(LocationGrain).Assembly, configureServices: services => services.AddGrid(configure));
    }

    public GrainTestHost Host { get; }
    public ManualTimeProvider Time => Host.Time;
    public GridPicture Picture => Host.Services.GetRequiredService<GridPicture>();
    public MemoryAuditLog Audit => (MemoryAuditLog)Host.Services.GetRequiredService<IAuditLog>();
    public GridLoader Loader => Host.Services.GetRequiredService<GridLoader>();

    public ILocationGrain Location(string code) => Host.Grain<ILocationGrain>(code);
    public IPlacementGrain Placement(string id) => Host.Grain<IPlacementGrain>(id);
    public ICaseGrain Case(string reference) => Host.Grain<ICaseGrain>(reference);
    public IWaitingQueueGrain Queue => Host.Grain<IWaitingQueueGrain>(IWaitingQueueGrain.National);

    public async Task<PlacementView> Request(PlacementRequest request) => (await Placement(request.PlacementId).Request(request)).Placement;

    /// <summary>Everyone waiting, in placing order.</summary>
    public async Task<IReadOnlyList<WaitingView>> Waiting() => (await Queue.List(0, int.MaxValue)).Entries;

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
