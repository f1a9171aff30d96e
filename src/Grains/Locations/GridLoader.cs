using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>
/// Brings every registered location into memory, so that the picture is complete and every hold's deadline is armed
/// again after a restart; and registers a dataset into an empty store.
/// </summary>
public sealed class GridLoader(IGrainFactory grains, GridPicture picture)
{
    /// <summary>Activates every registered location; returns how many there are.</summary>
    public async Task<int> LoadAsync(int parallelism = 16)
    {
        var codes = await grains.GetGrain<ILocationRegistryGrain>(ILocationRegistryGrain.National).All();
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (code, _) => await grains.GetGrain<ILocationGrain>(code).GetSummary());
        await grains.GetGrain<IWaitingQueueGrain>(IWaitingQueueGrain.National).Position("");
        return codes.Count;
    }

    /// <summary>Registers the dataset's locations and admits its residents; the store must be empty.</summary>
    public async Task SeedAsync(NationalDataset dataset, int parallelism = 16)
    {
        picture.SetTargets(dataset.Targets);
        await Parallel.ForEachAsync(dataset.Locations, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (location, _) => await grains.GetGrain<ILocationGrain>(location.Profile.Code).Register(location));
        await Parallel.ForEachAsync(dataset.Residents, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (arrival, _) => await grains.GetGrain<ICaseGrain>(arrival.Request.CaseReference).RecordArrival(arrival));
    }
}
