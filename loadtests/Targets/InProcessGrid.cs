using Beddengrid.Grains;
using Beddengrid.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Beddengrid.LoadTests.Targets;

/// <summary>
/// The whole grid in this process, on the memory store unless told otherwise, seeded with a generated national dataset: the target for
/// measuring the grains and runtime without a network in between.
/// </summary>
public sealed class InProcessGrid : IGridTarget, IDeskOperations, IGridInspection
{
    private readonly ServiceProvider _services;
    private readonly IGrainFactory _grains;

    private InProcessGrid(ServiceProvider services, NationalDataset dataset, StoreKind store)
    {
        Description = $"in-process, {store} store";
        _services = services;
        _grains = services.GetRequiredService<IGrainFactory>();
        Picture = services.GetRequiredService<GridPicture>();
        Dataset = dataset;
    }

    public string Description { get; }

    public GridPicture Picture { get; }

    public NationalDataset Dataset { get; }

    public IDeskOperations Desk => this;

    public IGridInspection Inspection => this;

    /// <summary>Builds the grid on <paramref name="store"/> (memory when not given) and registers <paramref name="dataset"/> into it.</summary>
    public static async Task<InProcessGrid> StartAsync(NationalDataset dataset, GridStoreOptions? store = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var services = new ServiceCollection();
        store ??= new GridStoreOptions { Kind = StoreKind.Memory };
        services.AddGridStore(store);
        services.AddGrid();
        var provider = services.BuildServiceProvider();
        var grid = new InProcessGrid(provider, dataset, store.Kind);
        // Seeding is a bulk load, not part of any measurement: use every core.
        await provider.GetRequiredService<GridLoader>().SeedAsync(dataset, parallelism: Environment.ProcessorCount * 8);
        return grid;
    }

    public async Task<PlacementView> RequestPlacement(PlacementRequest request) =>
        (await _grains.GetGrain<IPlacementGrain>(request.PlacementId).Request(request)).Placement;

    public Task<PlacementView> Confirm(string placementId) => _grains.GetGrain<IPlacementGrain>(placementId).Confirm();

    public Task<PlacementView> Cancel(string placementId) => _grains.GetGrain<IPlacementGrain>(placementId).Cancel();

    public async Task<PlacementView> Transfer(string caseReference, TransferRequest transfer) =>
        (await _grains.GetGrain<IPlacementGrain>(transfer.PlacementId).Transfer(caseReference, transfer)).Placement;

    public Task<CaseView> Depart(string caseReference, DepartureReason reason) =>
        _grains.GetGrain<ICaseGrain>(caseReference).Depart(reason);

    public Task PollPicture() => Task.FromResult(Picture.Snapshot);

    public async Task<IReadOnlyList<string>> LocationCodes() =>
        await _grains.GetGrain<ILocationRegistryGrain>(ILocationRegistryGrain.National).All();

    public Task<LocationDetail> Location(string code) => _grains.GetGrain<ILocationGrain>(code).GetDetail();

    public Task<DeskResult> CloseBeds(string locationCode, BedSelection selection, Closure closure) =>
        _grains.GetGrain<ILocationGrain>(locationCode).CloseBeds(selection, closure);

    public Task<LocationSummary> SetLifecycle(string locationCode, Lifecycle lifecycle) =>
        _grains.GetGrain<ILocationGrain>(locationCode).SetLifecycle(lifecycle);

    public Task<PlacementView?> Placement(string placementId) => _grains.GetGrain<IPlacementGrain>(placementId).Get();

    public Task<PictureReading> FreshPicture() => Task.FromResult(Reading(Picture.FreshSnapshot()));

    public Task WaitUntilQuiet(TimeSpan timeout) => QuietWatch.WaitAsync(() => Task.FromResult(Picture.Sequence), timeout);

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static PictureReading Reading(PictureSnapshot snapshot) =>
        new(snapshot.Version, snapshot.National.Beds, snapshot.Pressure.Waiting.Count);
}
